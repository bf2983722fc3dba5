// The run's Chromium (test/helpers/browser-broker.ts), connected to: a Browser whose close() only disconnects, or
// the reason there is none, for the test to skip with. A run without the broker (the runtimes' and the mutation
// runs' configurations) launches its own, which close() then closes.
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, NO_CHROMIUM } from './browser-broker.js';

export async function runChromium(): Promise<Browser | string> {
  const broker = inject('browserBroker');
  if (!broker) return CHROMIUM ? chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }) : NO_CHROMIUM;
  const answer = await fetch(broker);
  const body = await answer.text();
  if (answer.status === 404) return body;
  if (!answer.ok) throw new Error(body);
  return chromium.connect(body);
}

// The run's Chromium (test/helpers/browser-broker.ts), connected to: a Browser whose close() only disconnects, or
// the reason there is none, for the test to skip with.
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

export async function runChromium(): Promise<Browser | string> {
  const answer = await fetch(inject('browserBroker'));
  const body = await answer.text();
  if (answer.status === 404) return body;
  if (!answer.ok) throw new Error(body);
  return chromium.connect(body);
}

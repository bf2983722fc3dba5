// One headless Chromium for the run, shared by the files that render a page (the spec's rendered reference, the
// picture of tfkey check): a global setup serves its address on request, launching it at the first request only —
// a run without those files launches nothing — and closes it at the end. A launch costs about 2 s of CPU.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where to ask for the run's Chromium: GET answers its WebSocket endpoint, or 404 with why there is none. */
    browserBroker: string;
  }
}

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let launching: Promise<BrowserServer> | undefined;
  const server = createServer((_req, res) => {
    // .ci/run installs Debian's chromium; a machine without it says so, and the tests skip with that reason.
    if (!existsSync(CHROMIUM)) return void res.writeHead(404).end(`${CHROMIUM} is not installed (apt-get install chromium)`);
    launching ??= import('playwright-core').then(({ chromium }) =>
      chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    );
    launching.then(
      (browser) => res.end(browser.wsEndpoint()),
      (e: Error) => res.writeHead(500).end(`Chromium did not start: ${e.message}`),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('browserBroker', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return async () => {
    server.close();
    await (await launching?.catch(() => undefined))?.close();
  };
}

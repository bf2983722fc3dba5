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

/**
 * The Chromium the run renders with: Debian's chromium-headless-shell where installed (.ci/run installs it), the
 * headless-only build that Playwright itself runs headless by default, same engine, about a third less CPU on the
 * reference page; else Debian's full chromium, run headless; else undefined.
 */
export const CHROMIUM = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => existsSync(p));
/** Why there is no Chromium: the tests that need one skip, saying this. */
export const NO_CHROMIUM = 'neither /usr/bin/chromium-headless-shell nor /usr/bin/chromium is installed (apt-get install chromium-headless-shell)';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let launching: Promise<BrowserServer> | undefined;
  const server = createServer((_req, res) => {
    // .ci/run installs Debian's chromium-headless-shell; a machine without a Chromium says so, and the tests skip
    // with that reason.
    if (!CHROMIUM) return void res.writeHead(404).end(NO_CHROMIUM);
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

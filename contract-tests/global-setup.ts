// One real Prism mock for the whole run: started before any test file, handed to tests with inject('prismUrl'),
// stopped after the last one. The launcher also stops it on a crash, a timeout kill or Ctrl-C.
import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { freePort, standInForFailedPrism, startPrism } from '../scripts/lib/prism.js';
import { HOT_CODE_ONLY } from '../scripts/lib/v8-tuning.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
    /** This run's id: its files share one pack of the package (scripts/lib/pack.ts). */
    runId: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('runId', randomUUID());
  // A run started by a test of this suite (test/gates.test.ts) is handed the running Prism: one Prism per npm test.
  if (process.env.TFK_PRISM_URL) {
    project.provide('prismUrl', process.env.TFK_PRISM_URL);
    return async () => {};
  }
  // The deep fuzz (npm run fuzz) loads Prism for minutes: there a forked server pays for its slower start.
  // Prism takes two or three seconds to start: the run does not wait for it. Its address is known beforehand, and a
  // request to it first waits until it listens (contract-tests/lib/providers.ts); the other files start meanwhile.
  // Quiet: it logs warnings and errors, not every request (a fifth of its CPU per request).
  const port = await freePort();
  const starting = startPrism({ port, quiet: true, forked: process.env.TFK_FUZZ_RUNS !== undefined, nodeOptions: [HOT_CODE_ONLY] });
  // Should it fail, a stand-in on its port answers each request with the reason: every test against Prism fails at
  // once, saying why (scripts/lib/prism.ts, sendToPrism).
  const standIn = starting.then(
    () => undefined,
    (e: Error) => {
      process.stderr.write(`Prism did not start, so every test against it fails: ${e.message}\n`);
      return standInForFailedPrism(port, e.message);
    },
  );
  project.provide('prismUrl', `http://127.0.0.1:${port}`);
  return async () => {
    const prism = await starting.catch(() => undefined);
    await prism?.stop();
    (await standIn)?.close();
  };
}

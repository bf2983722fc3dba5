// One real Prism mock for the whole run: started before any test file, handed to tests with inject('prismUrl'),
// stopped after the last one. The launcher also stops it on a crash, a timeout kill or Ctrl-C.
import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { startPrism } from '../scripts/lib/prism.js';

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
  const prism = await startPrism({ forked: process.env.TFK_FUZZ_RUNS !== undefined });
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}

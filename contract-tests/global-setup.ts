// One real Prism mock for the whole run: started before any test file, handed to tests with inject('prismUrl'),
// stopped after the last one. The launcher also stops it on a crash, a timeout kill or Ctrl-C.
import type { TestProject } from 'vitest/node';
import { startPrism } from '../scripts/lib/prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism();
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}

#!/usr/bin/env node
// The tfkey command. The published package runs the CLI built into dist/. A clone of the repository builds nothing
// on install (the package has no install script, so installing it runs no code of ours); until `npm run build`, the
// sources run through tsx, a dev dependency, so `npx tfkey` works right after `npm ci`.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
const { main } = existsSync(built)
  ? await import(built.href)
  : await (await import('tsx/esm/api')).tsImport('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// The tfkey command. The published package runs the CLI built into dist/. A clone of the repository builds nothing
// on install (the package has no install script, so installing it runs no code of ours); until `npm run build`, the
// sources run through tsx, a dev dependency, so `npx tfkey` works right after `npm ci`.
// CommonJS, as is dist/cli.cjs: a process whose entry is an ES module first starts Node's ES module loader, which
// cost each command about 12 ms on Node 20, and the CLI's chunks more. dist/cli.cjs is loaded through a compile
// cache (compile-cache.cjs): about 20 ms less from the second command on (docs/performance.md).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '../dist/cli.cjs');
function load() {
  const { exports, cache } = require('./compile-cache.cjs').loadCompiled(built);
  if (cache.state === 'missing' || cache.state === 'rejected') process.once('beforeExit', cache.save);
  return exports;
}
const cli = existsSync(built)
  ? Promise.resolve().then(load)
  : import('tsx/esm/api').then((tsx) => tsx.tsImport('../src/cli/main.ts', require('node:url').pathToFileURL(__filename).href));
cli.then(({ main }) => main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});

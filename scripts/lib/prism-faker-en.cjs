// Preloaded into Prism by startPrism (node --require). Prism's response generator requires @faker-js/faker at start,
// and that entry builds a Faker for each of faker's 59 locales as it loads: 1 s of CPU at every Prism start (of
// 2.8 s), to use one, English, faker's default. Here that require gets faker's own English-only build under the
// names Prism uses (`default`, `faker`); any other export (Faker, FakerError, Gender) is the full module's, loaded
// only if asked for. startPrism leaves this out for a spec that sets a faker locale (x-json-schema-faker).
'use strict';
const Module = require('node:module');
const { dirname, join } = require('node:path');

function fakerEntry() {
  try {
    const prismCli = require.resolve('@stoplight/prism-cli/package.json');
    const prismHttp = Module.createRequire(prismCli).resolve('@stoplight/prism-http');
    return Module.createRequire(prismHttp).resolve('@faker-js/faker');
  } catch {
    // No Prism here (the guard's own process, a stand-in): nothing to do.
    return undefined;
  }
}

const entry = fakerEntry();
if (entry && !require.cache[entry]) {
  const english = () => require(join(dirname(entry), 'locale', 'en.js'));
  let full;
  const shim = {};
  for (const name of ['faker', 'default']) Object.defineProperty(shim, name, { enumerable: true, get: english });
  for (const name of ['Faker', 'FakerError', 'Gender']) Object.defineProperty(shim, name, { enumerable: true, get: () => (full ??= loadFull())[name] });
  // Under the entry's own name in require's cache (not this file's `module` and `exports`, which it would shadow).
  const cached = new Module(entry, null);
  cached.filename = entry;
  cached.exports = shim;
  cached.loaded = true;
  require.cache[entry] = cached;
  // The real entry, for the exports English alone does not have: loaded aside, so the cache keeps the English one.
  function loadFull() {
    delete require.cache[entry];
    try {
      return require(entry);
    } finally {
      require.cache[entry] = cached;
    }
  }
}

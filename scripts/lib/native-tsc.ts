// TypeScript 7's tsc (the native compiler), installed as the alias typescript-native beside TypeScript 5.9. Both
// packages declare a `tsc` bin, so node_modules/.bin/tsc is whichever npm linked last: callers use this path.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const home = dirname(createRequire(import.meta.url).resolve('typescript-native/package.json'));

/**
 * The compiler itself, found as the package's bin finds it (its own lookup, which its exports do not list). The bin
 * is a node script that runs it: called directly, the compiler saves that process, about 0.1 s of CPU a call.
 */
export const nativeTscBinary: string = (
  (await import(pathToFileURL(join(home, 'lib', 'getExePath.js')).href)) as { default: () => string }
).default();

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

/**
 * How this repository's own tools run the compiler (the build's declarations, npm test's type check, the package
 * test's consumer): on one thread, with Go's garbage collector off until the heap nears 2 GiB. Its heap stays near
 * 300 MB either way (317 against 290 MB for the whole project), and at Go's default pace the collector cost a third of
 * the compiler's CPU: the project's check took 2.3 s of CPU against 3.3 s, in the same wall time; the declarations
 * 0.55 against 1.0 s. The compiler's threads only help on a machine with cores to spare, which npm test's is not.
 * Neither changes what it reports or writes.
 */
export const LEAN_TSC = { args: ['--singleThreaded'], env: { GOGC: 'off', GOMEMLIMIT: '2GiB' } } as const;

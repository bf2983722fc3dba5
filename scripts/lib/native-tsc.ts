// TypeScript 7's tsc (the native compiler), installed as the alias typescript-native beside TypeScript 5.9. Both
// packages declare a `tsc` bin, so node_modules/.bin/tsc is whichever npm linked last: callers use this path.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const nativeTsc = join(dirname(createRequire(import.meta.url).resolve('typescript-native/package.json')), 'bin', 'tsc');

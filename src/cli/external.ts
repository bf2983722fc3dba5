// What the CLI loads from outside its own file, only when a command needs it: the fake of the test kit (--mock,
// mock), undici (a proxy), the progress bar (apply on a terminal), @azure/identity (no token given).
//
// Built, the CLI is dist/cli.cjs, which the bin compiles through V8's code cache (bin/compile-cache.cjs). On Node 20,
// code compiled that way cannot call import() itself (V8 drops what Node needs to resolve it), so the bin hands the
// file an importer of its own, `__tfkeyImport`; run any other way, as the sources are, this is plain import().
// scripts/build.ts defines TFKEY_TEST_KIT for the bundle: the test kit's own file, dist/testing.js.

declare const __tfkeyImport: ((specifier: string) => Promise<unknown>) | undefined;
declare const TFKEY_TEST_KIT: string | undefined;

const load = <T>(specifier: string): Promise<T> => (typeof __tfkeyImport === 'function' ? __tfkeyImport(specifier) : import(specifier)) as Promise<T>;

export const loadTestKit = () => load<typeof import('../testing/index.js')>(typeof TFKEY_TEST_KIT === 'string' ? TFKEY_TEST_KIT : '../testing/index.js');
export const loadUndici = () => load<typeof import('undici')>('undici');
export const loadProgressBar = () => load<typeof import('cli-progress')>('cli-progress');
/** A name held in a constant: @azure/identity is an optional peer, absent from most installs. */
export const loadModule = <T>(specifier: string) => load<T>(specifier);

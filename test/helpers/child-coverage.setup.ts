// Setup file of the CLI mutation run: after each test of Stryker's coverage run, the mutants that test's tfkey
// children reached are added to its coverage, so each mutant is then judged by the tests that reach it (and a mutant
// no test reaches is reported as such) instead of by every CLI test.
import { afterAll, afterEach } from 'vitest';
import { childCoverage } from './dist.js';

// The object must exist before Stryker's own afterAll hands it over, even if no test of the file has merged yet.
const ns = ((globalThis as { __stryker__?: { mutantCoverage?: unknown } }).__stryker__ ??= {});
ns.mutantCoverage ??= { static: {}, perTest: {} };
afterEach(childCoverage);
afterAll(childCoverage);

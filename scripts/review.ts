// `npm run review [-- --base <git-rev>] [--format text|markdown|json|junit|github]`: one report on a spec change,
// on stdout (stderr only for progress): the verdict first, then breaking changes with their acknowledgements or the
// entry to add, every other change, new lint findings, ledger changes, the public API diff of each entry point, the
// bundle-size delta and where the rendered reference is. Exit 1 on an unacknowledged breaking change or a new lint
// error. --against <file> [--spec <file>] compares two spec files instead of git revisions (no API or size).
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPackage } from './build.js';
import { FORMATS, render, type Format } from './lib/review-format.js';
import { atRev, isShallow, resolveBase, review, SPEC_REL } from './lib/review.js';
import { root, specPath } from './lib/spec.js';

export interface ReviewIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /**
   * The checkout whose spec, ledger and history are reviewed (default this one); the test of the shallow-clone
   * refusal uses it. The deep parts, the API reports and the bundle size, are always this checkout's.
   */
  cwd?: string;
}

/** The whole command: `argv` as after `npm run review --`; resolves to the exit code. */
export async function runReview(argv: string[], io: ReviewIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { base: { type: 'string' }, format: { type: 'string', default: 'text' }, against: { type: 'string' }, spec: { type: 'string' }, ack: { type: 'string' } } });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    io.stderr(`review: --format must be one of ${FORMATS.join(', ')} (got "${values.format}")\n`);
    return 2;
  }
  const checkout = io.cwd ?? root;
  const headSpec = readFileSync(values.spec ?? (io.cwd ? join(io.cwd, SPEC_REL) : specPath), 'utf8');
  const headLedger = readFileSync(join(checkout, 'spec/divergences.yaml'), 'utf8');
  let base: string | undefined;
  // A shallow clone (most CI services' default checkout) lacks the history the review compares with: that is said,
  // and fails, rather than passing as if there were nothing to review.
  const shallow = !values.against && isShallow(checkout);
  const history = 'this is a shallow clone: fetch the history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout) or give a --base that is present';
  try {
    base = values.against ? relative(root, values.against) : resolveBase(values.base, headSpec, checkout);
  } catch (e) {
    io.stderr(`review: cannot resolve the base ${values.base ?? '(the last commit that changed the spec)'}: ${(e as Error).message.split('\n')[0]}${shallow ? `\n${history}` : ''}\n`);
    return 2;
  }
  if (!base) {
    if (shallow) {
      io.stderr(`review: no earlier version of the spec in this checkout: ${history}\n`);
      return 2;
    }
    io.stderr('review: the spec has no earlier version to review against\n');
    return 0;
  }
  const baseSpec = values.against ? readFileSync(values.against, 'utf8') : atRev(base, SPEC_REL, checkout);
  if (baseSpec === undefined) {
    io.stderr(`review: ${SPEC_REL} does not exist at ${base}\n`);
    return 2;
  }
  io.stderr(`review: ${SPEC_REL} at ${base} → ${values.spec ?? 'the working tree'}\n`);
  const report = await review({
    base,
    baseSpec,
    headSpec,
    baseLedger: values.against ? headLedger : atRev(base, 'spec/divergences.yaml', checkout),
    headLedger,
    deep: !values.against,
    buildHead: buildPackage,
    ackFile: values.ack,
  });
  io.stdout(`${render(report, format)}\n`);
  return report.exitCode;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runReview(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
}

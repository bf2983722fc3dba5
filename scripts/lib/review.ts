// One review of a spec change, for the people who consume the contract: breaking and compatible changes (with
// their acknowledgements), lint findings the change introduced, divergence-ledger entries added, removed or
// changed, the public TypeScript API diff of each entry point, and the bundle-size delta of the main entry.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { changeId, diffSpecs, loadAcknowledgements, type Change } from './breaking.js';
import type { LintFinding } from './lint.js';
import { changedLine, lineDiff } from './review-lines.js';
import { docChanges, nextVersion, releaseOf, whyBreaking, type DocChange, type Release } from './review-findings.js';
import { operations, parseYaml, root, specPath, type Spec } from './spec.js';

export interface LedgerChange {
  id: string;
  change: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

export type { LintFinding } from './lint.js';
export type { DocChange, Release } from './review-findings.js';

export interface Review {
  base: string;
  verdict: string;
  exitCode: 0 | 1;
  breaking: { kind: string; where: string; detail: string; acknowledged: boolean; id: string; line: number; why: string; stillHolds?: string }[];
  compatible: { kind: string; where: string; detail: string; line: number }[];
  lint: LintFinding[];
  ledger: LedgerChange[];
  api: { entry: string; report: string; diff: string }[] | undefined;
  size: { base: number | undefined; head: number } | undefined;
  docs: string;
  /** Descriptions, summaries, titles and examples that changed: prose carries contract meaning here. */
  documentation: (DocChange & { line: number })[];
  /** generated/ against the head spec: stale when `npm run generate` was forgotten (npm test would fail). */
  generated: { stale: boolean; diff: string } | undefined;
  /** The divergence ledger against Microsoft's description, as npm run spec:conformance judges it. */
  conformance: { ok: boolean; output: string } | undefined;
  /** The release the change needs, from the spec diff and the public API diff together. */
  release: Release;
  /** The version that release would give, from package.json (with what the 0.x convention makes of it). */
  nextVersion: { from: string; to: string; note?: string };
}

/** git in a checkout (default this one). */
const gitIn = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const git = (...args: string[]) => gitIn(root, ...args);
export const SPEC_REL = relative(root, specPath);
const LEDGER_REL = 'spec/divergences.yaml';

/** Whether the checkout at `cwd` (default this one) is a shallow clone, whose history stops short. */
export const isShallow = (cwd = root): boolean => gitIn(cwd, 'rev-parse', '--is-shallow-repository').trim() === 'true';

/** The base to review against: the given revision, else the last commit that changed the spec (or the one before). */
export function resolveBase(rev: string | undefined, headText: string, cwd = root): string | undefined {
  if (rev) return gitIn(cwd, 'rev-parse', '--short', rev).trim();
  const last = gitIn(cwd, 'log', '-1', '--format=%h', '--', SPEC_REL).trim();
  if (!last) return undefined;
  if (gitIn(cwd, 'show', `${last}:${SPEC_REL}`) !== headText) return last;
  return gitIn(cwd, 'log', '-1', '--format=%h', `${last}~1`, '--', SPEC_REL).trim() || undefined;
}

export const atRev = (rev: string, path: string, cwd = root): string | undefined => {
  try {
    return gitIn(cwd, 'show', `${rev}:${path}`);
  } catch {
    return undefined;
  }
};

export function ledgerChanges(before: string | undefined, after: string): LedgerChange[] {
  const entries = (text: string | undefined) => new Map<string, string>(((text ? parseYaml(text)?.divergences : []) ?? []).map((e: { id: string; reason: string }) => [e.id, e.reason] as const));
  const [a, b] = [entries(before), entries(after)];
  const out: LedgerChange[] = [];
  for (const [id, reason] of b) if (!a.has(id)) out.push({ id, change: 'added', after: reason });
  for (const [id, reason] of a) if (!b.has(id)) out.push({ id, change: 'removed', before: reason });
  for (const [id, reason] of b) if (a.has(id) && a.get(id) !== reason) out.push({ id, change: 'changed', before: a.get(id), after: reason });
  return out;
}

/** The line of a dotted path (paths./x.patch.description) in the spec's YAML: the deepest of its keys found. */
function lineOfPath(specText: string, dotted: string): number {
  const lines = specText.split('\n');
  const indentOf = (l: string) => l.length - l.trimStart().length;
  let at = -1;
  let indent = -1;
  // Each key is looked for below the previous one, indented further, before the previous one's block ends.
  for (const key of dotted.split('.')) {
    let found = -1;
    for (let n = at + 1; n < lines.length; n++) {
      const l = lines[n]!;
      if (l.trim() && indentOf(l) <= indent) break;
      const t = l.trimStart().replace(/^- /, '');
      if ([`${key}:`, `'${key}':`, `"${key}":`].some((k) => t.startsWith(k))) {
        found = n;
        break;
      }
    }
    if (found < 0) break;
    at = found;
    indent = indentOf(lines[found]!);
  }
  return at + 1 || 1;
}

/** The line of the spec where a change is best shown: its path, else line 1. */
function lineOf(specText: string, where: string): number {
  const path = /(\/[^\s]*)/.exec(where)?.[1];
  const i = path ? specText.split('\n').findIndex((l) => l.trim() === `${path}:`) : -1;
  return i + 1 || 1;
}

/** Said of an API report whose only change is the quotes of its string literals: no export changed. */
export const QUOTES_ONLY = '(only the quotes of string literals changed, as another TypeScript writes them: no export changed)';

/**
 * Whether two API reports differ only in quotes: TypeScript 5.9 wrote `'enabled'` in declarations, 7 writes
 * `"enabled"`. Such a change removes and adds every line with a literal, and would read as a breaking API change.
 */
export const quotesOnly = (before: string, after: string): boolean => before !== after && before.replaceAll("'", '"') === after.replaceAll("'", '"');

/** The public API of the working tree against the reports committed at `base`. */
async function apiDiffs(base: string, buildHead: () => Promise<void>): Promise<Review['api']> {
  await buildHead();
  // API Extractor and esbuild load only for a deep review (they take seconds to load).
  const { API_ENTRIES, writeApiReports } = await import('./api-report.js');
  const dir = mkdtempSync(join(tmpdir(), 'tfkey-review-api-'));
  try {
    const head = writeApiReports(dir);
    return API_ENTRIES.map((e) => {
      const before = atRev(base, `etc/${e.report}`);
      const old = join(dir, `base-${e.report}`);
      writeFileSync(old, before ?? '');
      const d = spawnSync('git', ['diff', '--no-index', '--no-color', '-U2', old, join(dir, e.report)], { encoding: 'utf8' });
      const body = d.stdout.split('\n').filter((l) => !/^(diff --git|index |--- |\+\+\+ )/.test(l)).join('\n').trim();
      if (before === undefined) return { entry: e.entry, report: `etc/${e.report}`, diff: `(no report at ${base}: all of ${e.entry}'s ${head.get(e.report)!.split('\n').filter((l) => l.startsWith('export ')).length} exports are new)` };
      return { entry: e.entry, report: `etc/${e.report}`, diff: body && quotesOnly(before, head.get(e.report)!) ? QUOTES_ONLY : body };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The main entry's bundle (min+gz) at `base`, from a throwaway worktree that borrows this checkout's node_modules. */
async function baseSize(base: string): Promise<number | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'tfkey-review-base-'));
  const tree = join(dir, 'tree');
  try {
    git('worktree', 'add', '--detach', tree, base);
    symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
    if (!existsSync(join(tree, 'src/index.ts'))) return undefined;
    const { bundleSize, ENTRIES } = await import('./size.js');
    return (await bundleSize(ENTRIES.updateKeyStatus, tree)).gzipped;
  } catch {
    return undefined;
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', tree], { cwd: root });
    rmSync(dir, { recursive: true, force: true });
  }
}

async function headSize(): Promise<number> {
  const { bundleSize, ENTRIES } = await import('./size.js');
  return (await bundleSize(ENTRIES.updateKeyStatus)).gzipped;
}

export interface ReviewInput {
  base: string;
  baseSpec: string;
  headSpec: string;
  baseLedger: string | undefined;
  headLedger: string;
  /** Compare the public API and the bundle too (needs git history and a build). */
  deep: boolean;
  buildHead: () => Promise<void>;
  ackFile?: string;
  /** The generated/ folder to judge against the head spec (default generated/); null to leave it out. */
  generatedDir?: string | null;
  /** The package version the next release counts from (default package.json's). */
  version?: string;
}

/** generated/ against a spec text: the drift check's diff, empty when they agree. */
async function generatedAgainst(specText: string, dir: string): Promise<{ stale: boolean; diff: string }> {
  const { checkGenerated } = await import('../check-generated.js');
  const tmp = mkdtempSync(join(tmpdir(), 'tfkey-review-gen-'));
  try {
    const file = join(tmp, 'spec.yaml');
    writeFileSync(file, specText);
    const diff = await checkGenerated(dir, file);
    return { stale: diff !== '', diff };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The ledger's verdict on the head spec and ledger, as npm run spec:conformance gives it. */
async function conformanceOf(specText: string, ledgerText: string): Promise<{ ok: boolean; output: string }> {
  const { checkConformance, CONFORMANCE_FILES } = await import('../spec-conformance.js');
  const tmp = mkdtempSync(join(tmpdir(), 'tfkey-review-conf-'));
  try {
    writeFileSync(join(tmp, 'spec.yaml'), specText);
    writeFileSync(join(tmp, 'divergences.yaml'), ledgerText);
    return checkConformance({ ...CONFORMANCE_FILES, spec: join(tmp, 'spec.yaml'), ledger: join(tmp, 'divergences.yaml') });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Whether an API report diff removes or changes an export (a line taken away), and whether it adds one. */
export const apiMoves = (api: Review['api']) => ({
  removed: (api ?? []).some((a) => /^-(?!--)/m.test(a.diff) && !a.diff.startsWith('(')),
  added: (api ?? []).some((a) => /^\+(?!\+\+)/m.test(a.diff) || a.diff.startsWith('(no report')),
});

export async function review(input: ReviewInput): Promise<Review> {
  const [baseSpec, headSpec] = [parseYaml(input.baseSpec) as Spec, parseYaml(input.headSpec) as Spec];
  const acks = loadAcknowledgements(input.ackFile ?? join(root, 'spec/breaking-changes.yaml'));
  const changes: Change[] = diffSpecs(baseSpec, headSpec);
  // Annotations point at the changed line (an addition at its new line, a removal where it was), else the operation's.
  const diff = lineDiff(input.baseSpec, input.headSpec);
  const lineAt = (c: Change) => changedLine(diff, c.where, c.detail) ?? lineOf(input.headSpec, c.where);
  const responsesAt = (where: string) => Object.keys(operations(headSpec).find((o) => where.startsWith(`${o.method.toUpperCase()} ${o.path}`))?.op.responses ?? {});
  const breaking = changes.filter((c) => c.breaking).map((c) => ({ kind: c.kind, where: c.where, detail: c.detail, acknowledged: acks.has(changeId(c)), id: changeId(c), line: lineAt(c), ...whyBreaking(c.kind, c.detail, responsesAt(c.where)) }));
  const compatible = changes.filter((c) => !c.breaking).map((c) => ({ kind: c.kind, where: c.where, detail: c.detail, line: lineAt(c) }));
  const key = (f: LintFinding) => `${f.rule} ${f.path} ${f.message}`;
  // Spectral loads only when a review gets this far (it takes a second to load).
  const { lintSpec } = await import('./lint.js');
  const before = new Set((await lintSpec(input.baseSpec)).map(key));
  const introduced = (await lintSpec(input.headSpec)).filter((f) => !before.has(key(f)));
  const ledger = ledgerChanges(input.baseLedger, input.headLedger);
  const api = input.deep ? await apiDiffs(input.base, input.buildHead) : undefined;
  const size = input.deep ? { base: await baseSize(input.base), head: await headSize() } : undefined;
  const documentation = docChanges(baseSpec, headSpec).map((d) => ({ ...d, line: lineOfPath(input.headSpec, d.where) }));
  const generated = input.generatedDir === null ? undefined : await generatedAgainst(input.headSpec, input.generatedDir ?? join(root, 'generated'));
  const conformance = await conformanceOf(input.headSpec, input.headLedger);
  const open = breaking.filter((b) => !b.acknowledged).length;
  const lintErrors = introduced.filter((f) => f.severity === 'error').length;
  const moves = apiMoves(api);
  const release = releaseOf({ breaking: breaking.length, compatible: compatible.length, docs: documentation.length, apiRemoved: moves.removed, apiAdded: moves.added, other: false });
  const from = input.version ?? (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const next = nextVersion(from, release);
  const problems = [generated?.stale && 'generated/ is stale', conformance.ok ? undefined : 'the divergence ledger fails'].filter(Boolean);
  const verdict = `${breaking.length} breaking (${breaking.length - open} acknowledged), ${compatible.length} compatible, ${lintErrors} new lint error${lintErrors === 1 ? '' : 's'}${problems.length ? `, ${problems.join(', ')}` : ''}; release: ${release}${release === 'none' ? '' : ` (${from} → ${next.next}${next.note ? `: ${next.note}` : ''})`}`;
  const exitCode = open || lintErrors || generated?.stale || !conformance.ok ? 1 : 0;
  return { base: input.base, verdict, exitCode, breaking, compatible, lint: introduced, ledger, api, size, docs: 'npm run docs renders the spec to docs-out/index.html', documentation, generated, conformance, release, nextVersion: { from, to: next.next, ...(next.note ? { note: next.note } : {}) } };
}

// What `tfkey check` prints, one pure function per format, from the same verdicts: text (a table per key set, read at a
// glance), markdown (the same for a pull request or a wiki), json (one document), junit (a test case per key set, a
// failure for each that is not ok) and github (an annotation for each warn and error).
import type { KeySetCheck, KeyTimeline } from '../jobs/index.js';
import { isoDate } from '../jobs/guard.js';
import { table } from './table.js';

export interface CheckedKeySet {
  check: KeySetCheck;
  keys: { kid: string; status?: string | null; nbf?: number | null; exp?: number | null }[];
  timeline: KeyTimeline;
}

export interface CheckRun {
  /** "Now" of the check, ms. */
  at: number;
  days: number;
  sets: CheckedKeySet[];
}

export const FORMATS = ['text', 'json', 'markdown', 'junit', 'github'] as const;
export type CheckFormat = (typeof FORMATS)[number];

const iso = (ms: number) => isoDate(ms / 1000);
const horizonEnd = (run: CheckRun) => run.at + run.days * 86_400_000;
const LABEL = { ok: 'OK', warn: 'WARN', error: 'ERROR' } as const;

/** The segments a reader needs: those that begin before the horizon ends. */
const inHorizon = (run: CheckRun, s: CheckedKeySet) => s.timeline.segments.filter((seg) => seg.from <= horizonEnd(run));
const activeCell = (kid: string | null) => kid ?? '(none: sign-ins fail)';

function counts(run: CheckRun): string {
  const n = (v: KeySetCheck['verdict']) => run.sets.filter((s) => s.check.verdict === v).length;
  return `${run.sets.length} key set${run.sets.length === 1 ? '' : 's'}: ${n('ok')} ok, ${n('warn')} warn, ${n('error')} error`;
}

export function checkJson(run: CheckRun): string {
  return JSON.stringify({ at: iso(run.at), days: run.days, keySets: run.sets.map((s) => s.check) });
}

export function checkText(run: CheckRun): string {
  const blocks = run.sets.map((s) => {
    const rows = inHorizon(run, s).map((seg) => [iso(seg.from), seg.to === null ? '-' : iso(seg.to), activeCell(seg.kid)]);
    return [`${s.check.keySetId}  ${LABEL[s.check.verdict]}`, indent(table(['FROM', 'TO', 'ACTIVE KEY'], rows)), ...s.check.reasons.map((r) => `  - ${r}`)].join('\n');
  });
  return [`tfkey check: ${iso(run.at)} to ${iso(horizonEnd(run))} (${run.days} days)`, '', ...blocks.flatMap((b) => [b, '']), counts(run)].join('\n');
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

/** Markdown cells: a pipe or a line break would end the cell. */
const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function checkMarkdown(run: CheckRun): string {
  const out = [`## tfkey check: ${iso(run.at)} to ${iso(horizonEnd(run))} (${run.days} days)`, '', `${counts(run)}.`, ''];
  for (const s of run.sets) {
    out.push(`### ${md(s.check.keySetId)}: **${LABEL[s.check.verdict]}**`, '', '| from | to | active key |', '| --- | --- | --- |');
    for (const seg of inHorizon(run, s)) out.push(`| ${iso(seg.from)} | ${seg.to === null ? '-' : iso(seg.to)} | ${md(activeCell(seg.kid))} |`);
    out.push('', ...s.check.reasons.map((r) => `- ${md(r)}`), ...(s.check.reasons.length ? [''] : []));
  }
  return out.join('\n').trimEnd();
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function checkJunit(run: CheckRun): string {
  const failures = run.sets.filter((s) => s.check.verdict !== 'ok').length;
  const cases = run.sets.map((s) => {
    const name = `name="${xml(s.check.keySetId)}" classname="tfkey.check"`;
    if (s.check.verdict === 'ok') return `  <testcase ${name}/>`;
    const first = s.check.reasons[0] ?? s.check.verdict;
    return `  <testcase ${name}>\n    <failure type="${s.check.verdict}" message="${xml(first)}">${xml(s.check.reasons.join('\n'))}</failure>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="tfkey check" tests="${run.sets.length}" failures="${failures}" errors="0" timestamp="${iso(run.at)}">`,
    ...cases,
    '</testsuite>',
  ].join('\n');
}

/** GitHub's workflow-command escaping: data loses %, CR and LF; a property also : and ,. */
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProperty = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function checkGithub(run: CheckRun): string {
  const lines = run.sets
    .filter((s) => s.check.verdict !== 'ok')
    .map((s) => `::${s.check.verdict === 'error' ? 'error' : 'warning'} title=${ghProperty(`tfkey check: ${s.check.keySetId}`)}::${ghData(s.check.reasons.join('\n'))}`);
  return [...lines, counts(run)].join('\n');
}

export function formatCheck(run: CheckRun, format: CheckFormat): string {
  return { text: checkText, json: checkJson, markdown: checkMarkdown, junit: checkJunit, github: checkGithub }[format](run);
}

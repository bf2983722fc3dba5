// The review in each format a pull request or CI can use: text for a terminal, markdown for a PR comment, json for
// tools, junit for test dashboards (one case per finding), github for workflow annotations.
import type { Review } from './review.js';
import { SPEC_REL } from './review.js';
import { changedPart } from './review-findings.js';

const GENERATE = 'run npm run generate and commit generated/ with the spec';

export const FORMATS = ['text', 'markdown', 'json', 'junit', 'github'] as const;
export type Format = (typeof FORMATS)[number];

const kb = (b: number) => `${(b / 1024).toFixed(2)} KB`;
const sizeLine = (r: Review) => {
  if (!r.size) return 'not measured (no base checkout to build)';
  if (r.size.base === undefined) return `${kb(r.size.head)} (not measurable at the base)`;
  const d = r.size.head - r.size.base;
  return `${kb(r.size.base)} → ${kb(r.size.head)} (${d >= 0 ? '+' : ''}${d} bytes)`;
};
const ackEntry = (id: string) => `  - change: ${JSON.stringify(id)}\n    reason: <why clients must accept this>`;

function rows(head: string[], body: string[][], md: boolean): string {
  if (md) return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...body.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  return [head, ...body].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join('  ')).join('\n');
}

function document(r: Review, md: boolean): string {
  const h = (t: string) => (md ? `\n### ${t}\n` : `\n${t}\n${'-'.repeat(t.length)}`);
  const out: string[] = [md ? `## Spec review against ${r.base}: ${r.verdict}` : `spec review against ${r.base}: ${r.verdict}`];
  out.push(h('Breaking changes'));
  if (!r.breaking.length) out.push('none');
  else {
    out.push(rows(['verdict', 'kind', 'where', 'detail', 'why it breaks'], r.breaking.map((b) => [b.acknowledged ? 'acknowledged' : 'NOT ACKNOWLEDGED', b.kind, b.where, b.detail, `${b.why}${b.stillHolds ? `; ${b.stillHolds}` : ''}`]), md));
    const open = r.breaking.filter((b) => !b.acknowledged);
    if (open.length) out.push(`\nAdd to spec/breaking-changes.yaml, with the reason clients must accept each:\n${md ? '```yaml\n' : ''}${open.map((b) => ackEntry(b.id)).join('\n')}${md ? '\n```' : ''}`);
  }
  out.push(h('Other changes to the contract'));
  out.push(r.compatible.length ? rows(['kind', 'where', 'detail'], r.compatible.map((c) => [c.kind, c.where, c.detail]), md) : 'none');
  out.push(h('Documentation changes (not breaking)'));
  out.push(r.documentation.length ? rows(['kind', 'where', 'before → after'], r.documentation.map((d) => [d.kind, d.where, changedPart(d.before, d.after).join(' → ')]), md) : 'none');
  out.push(h('Generated code (generated/)'));
  out.push(!r.generated ? 'not checked' : r.generated.stale ? `STALE against this spec: ${GENERATE} (npm test fails until then)\n${md ? '```diff\n' : ''}${r.generated.diff.split('\n').slice(0, 30).join('\n')}${md ? '\n```' : ''}` : 'matches the spec');
  out.push(h("Conformance with Microsoft's description"));
  out.push(!r.conformance ? 'not checked' : r.conformance.ok ? r.conformance.output : `FAILS, as npm run spec:conformance would:\n${md ? '```\n' : ''}${r.conformance.output.trim()}${md ? '\n```' : ''}`);
  out.push(h('Lint findings this change introduced'));
  out.push(r.lint.length ? rows(['severity', 'rule', 'line', 'message'], r.lint.map((f) => [f.severity, f.rule, String(f.line), f.message]), md) : 'none');
  out.push(h('Divergence ledger (spec/divergences.yaml)'));
  out.push(r.ledger.length ? rows(['change', 'id', 'reason'], r.ledger.map((l) => [l.change, l.id, l.after ?? l.before ?? '']), md) : 'no entries added, removed or changed');
  out.push(h('Public TypeScript API'));
  if (!r.api) out.push('not compared (no base checkout)');
  else {
    for (const a of r.api) {
      const title = `${md ? `**${a.entry}**` : a.entry} (${a.report}):`;
      if (!a.diff) out.push(`${title} unchanged${md ? '\n' : ''}`);
      else if (a.diff.startsWith('(')) out.push(`${title} ${a.diff.split('\n')[0]}${md ? '\n' : ''}`);
      else out.push(md ? `${title}\n\n\`\`\`diff\n${a.diff}\n\`\`\`` : `${title}\n${a.diff}`);
    }
  }
  out.push(h('Bundle size of the main entry (updateKeyStatus, min+gz)'));
  out.push(sizeLine(r));
  out.push(h('Release'));
  out.push(`${r.release}${r.release === 'none' ? ': nothing a release needs' : `: ${r.nextVersion.from} → ${r.nextVersion.to}${r.nextVersion.note ? ` (${r.nextVersion.note})` : ''}`}`);
  out.push(h('Rendered reference'));
  out.push(r.docs);
  return out.join('\n');
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function junit(r: Review): string {
  const cases: string[] = [];
  // A finding in the spec carries its file and line, as test dashboards (and GitLab) read them from a case.
  const tc = (name: string, failure?: string, line?: number) =>
    cases.push(`    <testcase classname="tfkey.review" name="${xml(name)}"${line === undefined ? '' : ` file="${SPEC_REL}" line="${line}"`}>${failure ? `<failure message="${xml(failure)}"/>` : ''}</testcase>`);
  for (const b of r.breaking) tc(`breaking ${b.kind} ${b.where} ${b.detail}`, b.acknowledged ? undefined : `unacknowledged breaking change (${b.why}): add it to spec/breaking-changes.yaml with a reason`, b.line);
  if (r.generated) tc('generated/ matches the spec', r.generated.stale ? `generated/ is stale against the spec: ${GENERATE}` : undefined);
  if (r.conformance) tc('divergence ledger (spec:conformance)', r.conformance.ok ? undefined : r.conformance.output.trim());
  for (const d of r.documentation) tc(`documentation ${d.kind} ${d.where}`, undefined, d.line);
  tc(`release ${r.release}${r.release === 'none' ? '' : ` ${r.nextVersion.from} → ${r.nextVersion.to}`}`);
  for (const c of r.compatible) tc(`compatible ${c.kind} ${c.where} ${c.detail}`, undefined, c.line);
  for (const f of r.lint) tc(`lint ${f.rule} line ${f.line}: ${f.message}`, f.severity === 'error' ? f.message : undefined, f.line);
  for (const l of r.ledger) tc(`ledger ${l.change} ${l.id}`);
  const failures = cases.filter((c) => c.includes('<failure')).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tfkey review" tests="${cases.length}" failures="${failures}">\n  <testsuite name="spec review against ${xml(r.base)}" tests="${cases.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>`;
}

function github(r: Review): string {
  // Workflow commands: the message is one line, with %, CR and LF escaped.
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const lines = [
    ...r.breaking.map((b) => `::${b.acknowledged ? 'warning' : 'error'} file=${SPEC_REL},line=${b.line},title=${b.acknowledged ? 'Breaking change (acknowledged)' : 'Breaking change'}::${esc(`${b.kind} ${b.where}: ${b.detail} — ${b.why}${b.stillHolds ? `; ${b.stillHolds}` : ''}`)}`),
    ...(r.generated?.stale ? [`::error file=generated/,title=generated/ is stale::${esc(`generated/ does not match the spec: ${GENERATE}`)}`] : []),
    ...(r.conformance && !r.conformance.ok ? [`::error file=spec/divergences.yaml,line=1,title=Divergence ledger::${esc(r.conformance.output.trim())}`] : []),
    ...r.documentation.map((d) => `::notice file=${SPEC_REL},line=${d.line},title=Documentation changed::${esc(`${d.kind} ${d.where}: ${changedPart(d.before, d.after, 80).join(' → ')}`)}`),
    ...r.lint.map((f) => `::${f.severity === 'error' ? 'error' : 'warning'} file=${SPEC_REL},line=${f.line},title=${f.rule}::${esc(f.message)}`),
    ...r.compatible.map((c) => `::notice file=${SPEC_REL},line=${c.line},title=Compatible change::${esc(`${c.kind} ${c.where}: ${c.detail}`)}`),
    `::notice title=Spec review (release: ${r.release})::${esc(r.verdict)}`,
  ];
  return lines.join('\n');
}

export function render(r: Review, format: Format): string {
  switch (format) {
    case 'json':
      return JSON.stringify(r, null, 2);
    case 'junit':
      return junit(r);
    case 'github':
      return github(r);
    default:
      return document(r, format === 'markdown');
  }
}

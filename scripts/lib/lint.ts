// The spec's lint: Spectral's engine with this repository's ruleset (scripts/spectral/ruleset.mjs), in-process.
// `npm test`'s checks, the review and the lint tests share it; `npm run lint:spec` runs the same ruleset through
// Spectral's own CLI, for people who know that command.
import spectralCore from '@stoplight/spectral-core';
import Parsers from '@stoplight/spectral-parsers';
import ruleset from '../spectral/ruleset.mjs';

// Both are CommonJS: their default export is the module, under node and vitest alike.
const { Document, Spectral } = spectralCore;

export interface LintFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  path: string;
  line: number;
}

const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;
let spectral: InstanceType<typeof Spectral> | undefined;
const linted = new Map<string, Promise<LintFinding[]>>();

/** Spectral's findings for a spec's text (remembered per text: a review lints the same base many times). */
export function lintSpec(text: string, source = 'spec.yaml'): Promise<LintFinding[]> {
  const key = `${source}\n${text}`;
  let found = linted.get(key);
  if (!found) {
    if (!spectral) {
      spectral = new Spectral();
      spectral.setRuleset(ruleset);
    }
    found = spectral.run(new Document(text, Parsers.Yaml, source)).then((results) =>
      results.map((r) => ({ rule: String(r.code), severity: SEVERITIES[r.severity] ?? 'hint', message: r.message, path: r.path.join('.'), line: r.range.start.line + 1 })),
    );
    linted.set(key, found);
  }
  return found;
}

/** Findings as Spectral's CLI prints them in its stylish form: `line  severity  rule  message  path`. */
export function formatFindings(source: string, findings: readonly LintFinding[]): string {
  return [source, ...findings.map((f) => `  ${String(f.line).padStart(4)}  ${f.severity.padEnd(7)}  ${f.rule}  ${f.message}  ${f.path}`)].join('\n');
}

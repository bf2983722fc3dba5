// Mutation scores from Stryker's JSON report (mutation-testing-report-schema): per file and overall, counted as
// Stryker counts them (killed + timed out) / (all − ignored − compile errors); no-coverage mutants count as survivors.
import { readFileSync } from 'node:fs';

export interface Score {
  file: string;
  killed: number;
  survived: number;
  total: number;
  score: number;
}

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNCOUNTED = new Set(['Ignored', 'CompileError', 'RuntimeError']);

export function scores(reportFile: string): { files: Score[]; overall: Score } {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const files = Object.entries(report.files).map(([file, { mutants }]) => {
    const counted = mutants.filter((m) => !UNCOUNTED.has(m.status));
    const killed = counted.filter((m) => DETECTED.has(m.status)).length;
    return { file, killed, survived: counted.length - killed, total: counted.length, score: counted.length ? (100 * killed) / counted.length : 100 };
  });
  const killed = files.reduce((n, f) => n + f.killed, 0);
  const total = files.reduce((n, f) => n + f.total, 0);
  return { files: files.sort((a, b) => a.file.localeCompare(b.file)), overall: { file: 'all', killed, survived: total - killed, total, score: total ? (100 * killed) / total : 100 } };
}

/** Survivors with their place and mutation, for the report's tail: what to kill next. */
export function survivors(reportFile: string): string[] {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { files: Record<string, { mutants: { status: string; mutatorName: string; replacement?: string; location: { start: { line: number } } }[] }> };
  return Object.entries(report.files).flatMap(([file, { mutants }]) =>
    mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').map((m) => `${file}:${m.location.start.line} ${m.status} ${m.mutatorName}${m.replacement ? ` → ${m.replacement.replace(/\s+/g, ' ').slice(0, 80)}` : ''}`),
  );
}

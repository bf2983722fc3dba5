// The journal of `tfkey apply`, beside its plan file: one JSON line per step, appended and flushed before the next
// request, so a run killed at any point (even by SIGKILL) leaves a true record for the next run to resume from.
// Its first line names the plan it belongs to by hash: a journal never resumes a different plan.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import type { Journal, JournalEntry } from '../jobs/index.js';

export const journalPath = (planFile: string): string => `${planFile}.journal`;

export function fileJournal(planFile: string, planText: string): Journal & { resumed: number } {
  const path = journalPath(planFile);
  const plan = createHash('sha256').update(planText).digest('hex');
  const entries: JournalEntry[] = [];
  if (existsSync(path)) {
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    const header = JSON.parse(lines[0] ?? '{}') as { plan?: string };
    if (header.plan !== plan) throw new CommanderError(2, 'tfkey.journal', `${path} belongs to another version of ${planFile}: the plan changed since the journal began. Remove the journal to apply the plan from the start.`);
    // A line cut short by a kill in mid-write is the step that did not happen.
    for (const line of lines.slice(1)) {
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch {}
    }
  } else writeFileSync(path, `${JSON.stringify({ plan, started: new Date().toISOString() })}\n`);
  return {
    resumed: new Set(entries.map((e) => e.item)).size,
    last: (item) => entries.findLast((e) => e.item === item),
    record(entry) {
      entries.push(entry);
      appendFileSync(path, `${JSON.stringify(entry)}\n`);
    },
  };
}

// The journal of `tfkey apply`, beside its plan file: one JSON line per step, appended and flushed before the next
// request, so a run killed at any point (even by SIGKILL) leaves a true record for the next run to resume from.
// Its first line names the plan it belongs to by hash: a journal never resumes a different plan.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import type { Journal, JournalEntry } from '../jobs/index.js';

export const journalPath = (planFile: string): string => `${planFile}.journal`;

/** `planFile` is the plan's path; `shown`, its name as the user gave it, for messages. */
export function fileJournal(planFile: string, planText: string, shown = planFile, now: () => number = Date.now): Journal & { resumed: number } {
  const path = journalPath(planFile);
  const named = journalPath(shown);
  const plan = createHash('sha256').update(planText).digest('hex');
  const entries: JournalEntry[] = [];
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const lines = text.split('\n').filter(Boolean);
  const header = parsed<{ plan?: string }>(lines[0]);
  if (header === undefined && lines.length <= 1) {
    // No journal, or one killed while its first line was written (so before any step): begin it.
    writeFileSync(path, `${JSON.stringify({ plan, started: new Date(now()).toISOString() })}\n`);
  } else {
    // Removing a journal is safe: apply re-checks every key before it changes it, and skips what is already done.
    if (header === undefined) throw new CommanderError(2, 'tfkey.journal', `${named} is damaged: its first line is not the journal's header. Remove the journal to apply the plan from the start.`);
    if (header.plan !== plan) throw new CommanderError(2, 'tfkey.journal', `${named} belongs to another version of ${shown}: the plan changed since the journal began. Remove the journal to apply the plan from the start.`);
    // A line cut short by a kill in mid-write is the step that did not happen; the next step starts a line of its own.
    for (const line of lines.slice(1)) {
      const entry = parsed<JournalEntry>(line);
      if (entry) entries.push(entry);
    }
    if (!text.endsWith('\n')) appendFileSync(path, '\n');
  }
  return {
    resumed: new Set(entries.map((e) => e.item)).size,
    last: (item) => entries.findLast((e) => e.item === item),
    record(entry) {
      entries.push(entry);
      appendFileSync(path, `${JSON.stringify(entry)}\n`);
    },
  };
}

/** A line's JSON, or undefined for a line cut short, a null, or no line (String(undefined) is not JSON). */
function parsed<T>(line: string | undefined): T | undefined {
  try {
    return (JSON.parse(String(line)) as T | null) ?? undefined;
  } catch {
    // Cut short: nothing to read.
  }
  return undefined;
}

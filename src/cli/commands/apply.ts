// tfkey apply <planFile>: applies a plan made by `tfkey plan --out`, with a progress bar on a terminal, a journal
// beside the plan (a killed run started again finishes the work without redoing what was confirmed), and a summary.
// Exit 0 when every item is done, skipped or refused-and-not-forced; 1 when one failed; 2 for a plan that cannot run.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { ApplyProgress, KeyStatusPlan } from '../../jobs/index.js';
import { clientFrom, daysOption, type Cli, type Flags } from '../context.js';
import { loadProgressBar } from '../external.js';
import { DryRun } from '../fetch.js';
import { table } from '../table.js';

const bad = (message: string) => new CommanderError(2, 'tfkey.plan', message);

/** The plan file, checked as apply checks it: a bad one is refused with the item, the field and what was found. */
export async function readPlan(file: string, path = file): Promise<{ plan: KeyStatusPlan; text: string }> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw bad(`${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (e) {
    throw bad(`${file} is not JSON (${(e as Error).message}): make it with tfkey plan --out ${file}`);
  }
  const check: (plan: unknown) => void = (await import('../../jobs/index.js')).checkPlan;
  try {
    check(plan);
  } catch (e) {
    throw bad(`${file}: ${(e as Error).message}`);
  }
  return { plan: plan as KeyStatusPlan, text };
}

const concurrency = (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 64) throw new InvalidArgumentError(`--concurrency must be a whole number from 1 to 64 (got "${v}")`);
  return Number(v);
};

/** `cli.exit.code` becomes 1 when an item failed: the command resolves, and run returns it. */
export function applyCommand(cli: Cli): Command {
  const { out, err, exit } = cli;
  return new Command('apply')
    .description('apply a plan made by tfkey plan --out: re-check, change, read back; resumable')
    .argument('<planFile>', 'the plan, as tfkey plan --out wrote it')
    .option('--concurrency <n>', 'changes in flight at most (1-64, default 4; halved while Graph throttles)', concurrency)
    .addOption(daysOption('how far ahead the re-check refuses a change that opens a gap (a stretch with no usable key)', "default: the plan's, else 30"))
    .action(async function (this: Command, file: string) {
      const flags = this.optsWithGlobals<Flags & { concurrency?: number; days?: number }>();
      const { plan, text } = await readPlan(file, cli.path(file));
      const client = await clientFrom(cli, flags);
      if (flags.dryRun) {
        for (const item of plan.items.filter((i) => i.action === 'change')) {
          // The plan was checked as apply checks it, so the client builds every request; anything else is a bug to show.
          const e = await client.updateKeyStatus({ keySetId: item.keySetId, keyId: item.kid, status: item.status }).catch((x: unknown) => x);
          if (!(e instanceof Error && e.cause instanceof DryRun)) throw e;
          const { request } = e.cause;
          out(flags.json ? JSON.stringify({ dryRun: true, ...request }) : `${request.method} ${request.url}  ${JSON.stringify(request.body)}`);
        }
        if (!flags.json) out('(dry run: nothing was sent; applying re-checks each key set first)');
        return;
      }
      // The journal (and the node:crypto that names its plan) is loaded only to apply.
      const { fileJournal } = await import('../journal.js');
      const journal = fileJournal(cli.path(file), text, file, cli.now);
      if (journal.resumed && !flags.json) err(`resuming: ${journal.resumed} item(s) have steps in ${file}.journal`);
      // The progress bar (cli-progress) is loaded only to be drawn, on a terminal.
      const terminal = !flags.json && cli.io.stderr.isTTY ? (cli.io.stderr as NodeJS.WriteStream) : undefined;
      const bar = terminal && new (await loadProgressBar()).SingleBar({ format: 'applying [{bar}] {value}/{total} · {concurrency} in flight · {throttled} throttled', stream: terminal, hideCursor: true });
      bar?.start(plan.items.length, 0, { concurrency: flags.concurrency ?? 4, throttled: 0 });
      const progress = (p: ApplyProgress) => {
        if (bar) bar.update(p.finished, { concurrency: p.concurrency, throttled: p.throttled });
        else if (!flags.json) err(`[${p.finished}/${p.total}] ${p.result.keySetId} ${p.result.kid}: ${p.result.outcome} (${p.result.detail})`);
      };
      const { applyKeyStatusChanges } = await import('../../jobs/index.js');
      const report = await applyKeyStatusChanges(client, plan, { concurrency: flags.concurrency ?? 4, journal, onProgress: progress, now: cli.now, horizonDays: flags.days }).finally(() => bar?.stop());
      if (flags.json) out(JSON.stringify({ counts: report.counts, results: report.results.map(({ error, ...r }) => ({ ...r, ...(error ? { error: { name: error.name, message: error.message } } : {}) })) }));
      else {
        out(table(['KEY SET', 'KID', 'TARGET', 'OUTCOME', 'DETAIL'], report.results.map((r) => [r.keySetId, r.kid, r.status, r.resumed ? `${r.outcome} (earlier run)` : r.outcome, r.detail])));
        out(`${report.counts.done} done, ${report.counts.skipped} skipped, ${report.counts.refused} refused, ${report.counts.failed} failed`);
      }
      if (report.counts.failed) exit.code = 1;
    });
}

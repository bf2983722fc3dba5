// tfkey check [keySetId…] [--days n] [--at date] [--format …] [--html file]: every key set judged over the horizon —
// error with no usable key now, warn when a gap (a stretch with no usable key) begins within it, ok otherwise. Exit 0
// when all are ok, 1 when any is not: made for a scheduled pipeline that should go red days before an outage.
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { TrustFrameworkKeyV2 } from '../../index.js';
import { checkHtml } from '../check-html.js';
import { FORMATS, formatCheck, type CheckFormat, type CheckRun } from '../check-report.js';
import { clientFrom, daysOption, type Cli, type Flags } from '../context.js';

interface CheckFlags extends Flags {
  days?: number;
  at?: number;
  format?: CheckFormat;
  html?: string;
}

const atDate = (v: string) => {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`--at must be an ISO 8601 date, e.g. 2026-12-01 or 2026-12-01T09:00:00Z (got "${v}")`);
  return ms;
};

export function checkCommand(cli: Cli): Command {
  return new Command('check')
    .description('judge key sets over time: error (no usable key now), warn (a gap begins within --days), ok; exit 1 unless all are ok')
    .argument('[keySetId...]', 'these key sets (default: every key set)')
    .addOption(daysOption('the horizon: how far ahead a gap makes a warning'))
    .addOption(new Option('--at <date>', 'judge as if it were this date (ISO 8601), for planning').argParser(atDate))
    .addOption(new Option('--format <format>', 'what to print on stdout (--json is --format json)').choices([...FORMATS]))
    .option('--html <file>', 'also write the picture: one self-contained page of the key sets over time')
    .action(async function (this: Command, named: string[]) {
      const flags = this.optsWithGlobals<CheckFlags>();
      const format: CheckFormat = flags.format ?? (flags.json ? 'json' : 'text');
      // Judged at a whole second, as every date it prints is.
      const at = flags.at ?? Math.floor(cli.now() / 1000) * 1000;
      const days = flags.days ?? 30;
      const client = await clientFrom(cli, flags);
      const { checkKeySet, keyTimeline } = await import('../../jobs/index.js');
      const { readKeySets } = await import('../../jobs/plan.js');
      const ids = [...named];
      if (!ids.length) for await (const set of client.listKeySets()) ids.push(set.id);
      const read = await readKeySets(client, ids);
      const run: CheckRun = {
        at,
        days,
        sets: [...new Set(ids)].map((keySetId) => {
          const keys: TrustFrameworkKeyV2[] = read.get(keySetId) ?? [];
          const check = checkKeySet(keySetId, keys, at, days);
          // A key set Graph does not know is an error of its own, said as such.
          if (!read.get(keySetId)) Object.assign(check, { verdict: 'error', reasons: [`there is no key set ${keySetId}`] });
          return { check, keys, timeline: keyTimeline(keys, at) };
        }),
      };
      cli.out(formatCheck(run, format));
      if (flags.html) writeFileSync(cli.path(flags.html), checkHtml(run));
      if (run.sets.some((s) => s.check.verdict !== 'ok')) cli.exit.code = 1;
    });
}

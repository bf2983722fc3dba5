// tfkey plan: what changing key statuses would do, per key set — change, skip or refuse, and why — printed as a
// table (always) and written as JSON with --out for `tfkey apply`.
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import type { ChangeTarget, KeyStatusPlan } from '../../jobs/index.js';
import { clientFrom, daysOption, type Cli, type Flags } from '../context.js';
import { table } from '../table.js';

interface PlanFlags extends Flags {
  days?: number;
  status?: 'enabled' | 'disabled';
  kid?: string;
  allKeySets?: boolean;
  keySet?: string[];
  input?: string;
  out?: string;
  force?: boolean;
}

const usage = (message: string) => new CommanderError(2, 'tfkey.usage', message);

/** Lines `keySetId,kid,status`; blank lines and lines starting with # are ignored. */
export function parseTargets(text: string, source: string): ChangeTarget[] {
  return text.split(/\r?\n/).flatMap((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return [];
    const [keySetId, kid, status, ...rest] = line.split(',').map((c) => c.trim());
    if (!keySetId || !kid || (status !== 'enabled' && status !== 'disabled') || rest.length) {
      throw usage(`${source} line ${i + 1} must be keySetId,kid,status with status enabled or disabled (got "${line}")`);
    }
    return [{ keySetId, kid, status }];
  });
}

export function planTable(plan: KeyStatusPlan): string {
  const rows = plan.items.map((i) => [
    i.keySetId,
    i.kid,
    `${i.current ?? '-'} → ${i.status}`,
    i.forced ? 'change (forced)' : i.action,
    i.action === 'refuse' && i.reason.includes('no usable key') ? `${i.reason} (--force would do it anyway)` : i.reason,
  ]);
  const warnings = plan.items.flatMap((i) => i.warnings.map((w) => `  note: ${w}`));
  const count = (a: string) => plan.items.filter((i) => i.action === a).length;
  return [table(['KEY SET', 'KID', 'CURRENT → TARGET', 'ACTION', 'REASON'], rows), ...warnings, `${count('change')} to change, ${count('skip')} to skip, ${count('refuse')} refused`].join('\n');
}

export function planCommand(cli: Cli): Command {
  return new Command('plan')
    .description('plan status changes: per target, change, skip (already so) or refuse (would break sign-ins, unknown key set or kid)')
    .addOption(new Option('--status <status>', 'the status to set').choices(['enabled', 'disabled']))
    .option('--kid <kid>', 'the key to change')
    .option('--all-key-sets', 'every key set that holds the kid')
    .option('--key-set <id...>', 'these key sets')
    .option('--input <file|->', 'lines keySetId,kid,status (- reads standard input), for mixed changes')
    .option('--out <file>', 'write the plan as JSON, for tfkey apply')
    .option('--force', 'plan changes the guard refuses (they would break sign-ins: the table says how)')
    .addOption(daysOption())
    .action(async function (this: Command) {
      const flags = this.optsWithGlobals<PlanFlags>();
      let targets: ChangeTarget[];
      if (flags.input !== undefined) {
        if (flags.kid || flags.status || flags.allKeySets || flags.keySet) throw usage('--input takes the targets from its lines: drop --kid, --status, --all-key-sets and --key-set');
        const text = flags.input === '-' ? ((await cli.io.stdin?.()) ?? '') : readInput(cli, flags.input);
        targets = parseTargets(text, flags.input === '-' ? 'standard input' : flags.input);
      } else {
        if (!flags.status || !flags.kid) throw usage('plan needs --status and --kid (or --input)');
        if (Boolean(flags.allKeySets) === Boolean(flags.keySet)) throw usage('choose one of --all-key-sets and --key-set <id…>');
        targets = flags.allKeySets ? [] : flags.keySet!.map((keySetId) => ({ keySetId, kid: flags.kid!, status: flags.status! }));
      }
      const client = await clientFrom(cli, flags);
      const { findKeySetsHoldingKid, planKeyStatusChanges } = await import('../../jobs/index.js');
      // Across all key sets, the ones without the kid are not targets: the same search tfkey/jobs exports.
      if (flags.allKeySets) for (const { keySetId } of await findKeySetsHoldingKid(client, flags.kid!)) targets.push({ keySetId, kid: flags.kid!, status: flags.status! });
      const plan = await planKeyStatusChanges(client, targets, { force: Boolean(flags.force), now: cli.now(), horizonDays: flags.days });
      if (flags.out) writeFileSync(cli.path(flags.out), `${JSON.stringify(plan, null, 2)}\n`);
      cli.out(flags.json ? JSON.stringify(plan) : planTable(plan));
      if (flags.out && !flags.json) cli.out(`plan written to ${flags.out}; apply it with: tfkey apply ${flags.out}`);
    });
}

function readInput(cli: Cli, file: string): string {
  try {
    return readFileSync(cli.path(file), 'utf8');
  } catch (e) {
    throw usage(`--input ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

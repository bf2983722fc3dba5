// tfkey set-status <keySetId> <keyId> <enabled|disabled> [--force]: one change, through the same guard as plan and
// apply. The key set is read first; a change that would leave it with no usable key (every sign-in of the policies
// using it would fail) is refused, exit 1, and nothing is sent — unless --force, which does it and still says what it
// breaks. --dry-run reads the key set, shows the verdict and the exact request, and changes nothing.
import { Command } from 'commander';
import type { PlanItem } from '../../jobs/index.js';
import { clientFrom, daysOption, type Cli, type Flags } from '../context.js';
import { DryRun } from '../fetch.js';
import { printDryRun } from '../output.js';
import { GuardRefusal } from '../refusal.js';

export function setStatusCommand(cli: Cli): Command {
  return (
    new Command('set-status')
      .description('enable or disable a key, through the guard (--force overrides it)')
      .argument('<keySetId>', 'key set id, e.g. B2C_1A_TokenSigningKeyContainer')
      .argument('<keyId>', 'the key\'s kid')
      // unknownFutureValue is Graph's evolvable-enum sentinel: nobody sets it, so the CLI does not offer it.
      .addArgument(new Command().createArgument('<status>', 'enabled or disabled').choices(['enabled', 'disabled']))
      .option('--force', 'change it even when that leaves the key set with no usable key, now or within --days (every sign-in using it fails)')
      .addOption(daysOption())
      .action(async function (this: Command, keySetId: string, keyId: string, status: 'enabled' | 'disabled') {
        const flags = this.optsWithGlobals<Flags & { force?: boolean; days?: number }>();
        const input = { keySetId, keyId, status };
        // The request as the client would send it: bad input is refused here, before anything is read or sent.
        // (Not verbose: it sends nothing, and the proxy line is the real client's to print, once.)
        const dry = await (await clientFrom(cli, { ...flags, dryRun: true, verbose: false })).updateKeyStatus(input).catch((e: unknown) => e);
        if (!(dry instanceof Error && dry.cause instanceof DryRun)) throw dry;
        const client = await clientFrom(cli, { ...flags, dryRun: false });
        const { planKeyStatusChanges } = await import('../../jobs/index.js');
        const [item] = (await planKeyStatusChanges(client, [{ keySetId, kid: keyId, status }], { force: Boolean(flags.force), now: cli.now(), horizonDays: flags.days })).items as [PlanItem];
        // The guard's refusal; an unknown key set or kid is Graph's to answer (404, with its request-id), as before.
        const unknown = item.action === 'refuse' && item.current === undefined;
        if (item.action === 'refuse' && !unknown) {
          if (!flags.dryRun) throw new GuardRefusal(item, `tfkey set-status ${keySetId} ${keyId} ${status} --force`);
          cli.exit.code = 1;
        }
        if (item.forced) cli.err(`warning: ${item.reason}`);
        for (const w of item.warnings) cli.err(`note: ${w}`);
        if (flags.dryRun) {
          const verdict = unknown ? `would fail: ${item.reason}` : item.action === 'refuse' ? `refused: ${item.reason} (--force would do it anyway)` : item.forced ? item.reason : `ok: ${item.reason}${item.activeAfter ? `; active key afterwards: ${item.activeAfter}` : ''}`;
          if (unknown) cli.exit.code = 1;
          const guard = { action: item.action, ...(item.forced ? { forced: true } : {}), reason: item.reason, activeBefore: item.activeBefore ?? null, activeAfter: item.activeAfter ?? null, warnings: item.warnings };
          printDryRun(cli, flags, dry.cause.request, { extra: { guard }, after: `guard: ${verdict}`, closing: '(dry run: the key set was read; nothing was changed)' });
          return;
        }
        await client.updateKeyStatus(input);
        if (flags.json) cli.out(JSON.stringify({ keySetId, keyId, status, ...(item.forced ? { forced: item.reason } : {}) }));
        else cli.out(`Key ${keyId} in ${keySetId} is now ${status}.`);
      })
  );
}

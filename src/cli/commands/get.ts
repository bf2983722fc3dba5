// tfkey get <keySetId> <keyId>
import { Command } from 'commander';
import { isoDate } from '../../jobs/guard.js';
import { clientFrom, type Cli, type Flags } from '../context.js';

// NumericDates (whole seconds) as list, plan and the guard write them: ISO 8601 in UTC, without milliseconds.
const date = (s: number | null | undefined): string => (typeof s === 'number' ? isoDate(s) : '-');

export function getCommand(cli: Cli): Command {
  return new Command('get')
    .description('read a key')
    .argument('<keySetId>', 'key set id')
    .argument('<keyId>', 'the key\'s kid')
    .action(async function (this: Command, keySetId: string, keyId: string) {
      const flags = this.optsWithGlobals<Flags>();
      const key = await (await clientFrom(cli, flags)).getKey({ keySetId, keyId });
      if (flags.json) return cli.out(JSON.stringify(key));
      for (const [k, v] of [['kid', key.kid], ['status', key.status], ['use', key.use], ['kty', key.kty], ['not before', date(key.nbf)], ['expires', date(key.exp)], ['x5t', key.x5t]]) {
        cli.out(`${String(k).padEnd(11)}${v ?? '-'}`);
      }
    });
}

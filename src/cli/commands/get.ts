// tfkey get <keySetId> <keyId>
import { Command } from 'commander';
import { isoDate } from '../../jobs/guard.js';
import { clientFrom, type Flags } from '../context.js';
import { out } from '../output.js';

// NumericDates (whole seconds) as list, plan and the guard write them: ISO 8601 in UTC, without milliseconds.
const date = (s: number | null | undefined): string => (typeof s === 'number' ? isoDate(s) : '-');

export function getCommand(): Command {
  return new Command('get')
    .description('read a key')
    .argument('<keySetId>', 'key set id')
    .argument('<keyId>', 'the key\'s kid')
    .action(async function (this: Command, keySetId: string, keyId: string) {
      const flags = this.optsWithGlobals<Flags>();
      const key = await (await clientFrom(flags)).getKey({ keySetId, keyId });
      if (flags.json) return out(JSON.stringify(key));
      for (const [k, v] of [['kid', key.kid], ['status', key.status], ['use', key.use], ['kty', key.kty], ['not before', date(key.nbf)], ['expires', date(key.exp)], ['x5t', key.x5t]]) {
        out(`${String(k).padEnd(11)}${v ?? '-'}`);
      }
    });
}

// tfkey list [keySetId]: the key sets and their keys, with which key is active — to find a kid.
import { Command } from 'commander';
import { activeKey, isoDate } from '../../jobs/guard.js';
import { clientFrom, type Cli, type Flags } from '../context.js';
import { table } from '../table.js';

export interface ListedKey {
  keySetId: string;
  kid: string;
  use: string | null;
  kty: string | null;
  status: string | null;
  nbf: string | null;
  exp: string | null;
  active: boolean;
}

export function listCommand(cli: Cli): Command {
  return new Command('list')
    .description('list key sets and their keys (kid, use, kty, status, dates) and which key is active')
    .argument('[keySetId]', 'only this key set')
    .action(async function (this: Command, only: string | undefined) {
      const flags = this.optsWithGlobals<Flags>();
      const client = await clientFrom(cli, flags);
      const ids: string[] = [];
      if (only !== undefined) ids.push(only);
      else for await (const set of client.listKeySets()) ids.push(set.id);
      const rows: ListedKey[] = [];
      const now = cli.now();
      for (const keySetId of ids) {
        const keys = [];
        for await (const key of client.listKeys({ keySetId })) keys.push(key);
        const active = activeKey(keys, now);
        for (const k of keys) {
          const date = (s: number | null | undefined) => (typeof s === 'number' ? isoDate(s) : null);
          rows.push({ keySetId, kid: k.kid, use: k.use ?? null, kty: k.kty ?? null, status: k.status ?? null, nbf: date(k.nbf), exp: date(k.exp), active: k === active });
        }
        if (!keys.length && !flags.json) rows.push({ keySetId, kid: '(no keys)', use: null, kty: null, status: null, nbf: null, exp: null, active: false });
      }
      if (flags.json) return cli.out(JSON.stringify(rows));
      cli.out(table(['KEY SET', 'KID', 'USE', 'KTY', 'STATUS', 'NOT BEFORE', 'EXPIRES', 'ACTIVE'], rows.map((r) => [r.keySetId, r.kid, r.use ?? '-', r.kty ?? '-', r.status ?? '-', r.nbf ?? '-', r.exp ?? '-', r.active ? 'active' : ''])));
      if (!ids.length) cli.out('(no key sets)');
    });
}

// tfkey list [keySetId]: the key sets and their keys, with which key is active and why the others are not — to find a
// kid, and to see a key set with no usable key at a glance.
import { Command } from 'commander';
import { activeKey, isoDate, unusableState, type GuardKey } from '../../jobs/guard.js';
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
  /** What B2C makes of the key now. */
  state: KeyState;
  /** Whether the key set has a usable key now: without one, every policy using it fails. */
  keySetUsable: boolean;
}

export type KeyState = 'active' | 'usable' | 'disabled' | 'not-enabled' | 'not-yet-valid' | 'expired';

/** The key's state at `now` (ms): the active one, another usable one, or why it cannot be used (the guard's rule). */
export const keyState = (k: GuardKey, active: GuardKey | undefined, now: number): KeyState => (k === active ? 'active' : (unusableState(k, now) ?? 'usable'));

export function listCommand(cli: Cli): Command {
  return new Command('list')
    .description('list key sets and their keys (kid, use, kty, status, dates), which is active, which are expired, not yet valid or disabled, and any key set with no usable key')
    .argument('[keySetId]', 'only this key set')
    .action(async function (this: Command, only: string | undefined) {
      const flags = this.optsWithGlobals<Flags>();
      const client = await clientFrom(cli, flags);
      const ids: string[] = [];
      if (only !== undefined) ids.push(only);
      else for await (const set of client.listKeySets()) ids.push(set.id);
      const rows: ListedKey[] = [];
      const broken: string[] = [];
      const now = cli.now();
      for (const keySetId of ids) {
        const keys = [];
        for await (const key of client.listKeys({ keySetId })) keys.push(key);
        const active = activeKey(keys, now);
        if (!active) broken.push(keySetId);
        for (const k of keys) {
          const date = (s: number | null | undefined) => (typeof s === 'number' ? isoDate(s) : null);
          const state = keyState(k, active, now);
          rows.push({ keySetId, kid: k.kid, use: k.use ?? null, kty: k.kty ?? null, status: k.status ?? null, nbf: date(k.nbf), exp: date(k.exp), active: k === active, state, keySetUsable: active !== undefined });
        }
        if (!keys.length && !flags.json) rows.push({ keySetId, kid: '(no keys)', use: null, kty: null, status: null, nbf: null, exp: null, active: false, state: 'not-enabled', keySetUsable: false });
      }
      if (flags.json) return cli.out(JSON.stringify(rows));
      const shown = (r: ListedKey) => (r.kid === '(no keys)' ? '' : r.state.replace(/-/g, ' '));
      cli.out(table(['KEY SET', 'KID', 'USE', 'KTY', 'STATUS', 'NOT BEFORE', 'EXPIRES', 'STATE'], rows.map((r) => [r.keySetId, r.kid, r.use ?? '-', r.kty ?? '-', r.status ?? '-', r.nbf ?? '-', r.exp ?? '-', shown(r)])));
      if (!ids.length) cli.out('(no key sets)');
      for (const id of broken) cli.out(`${id} has no usable key: every policy using it fails to sign in now`);
    });
}

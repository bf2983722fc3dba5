// Listings follow @odata.nextLink page after page, with the client's retries and errors, and only to the listing's
// own origin and path: a nextLink elsewhere is refused, and the token never goes there.
import { describe, expect, it } from 'vitest';
import { GraphError, RequestValidationError } from '../src/index.js';
import { clientFor, KEY_SET, send, serverPerTest, TOKEN } from './helpers/server.js';

const serve = serverPerTest();
const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};
const keysPath = `/beta/trustFramework/keySets/${KEY_SET}/keys_v2`;

describe('paging', () => {
  it('follows nextLink until the last page, sending $top and $skiptoken as given', async () => {
    const s = await serve((r, res) => {
      const skip = Number(new URL(r.path, 'http://x').searchParams.get('$skiptoken') ?? 0);
      const value = [{ kid: `k${skip}`, status: 'enabled' }, { kid: `k${skip + 1}`, status: 'enabled' }];
      const next = skip < 4 ? { '@odata.nextLink': `${s.url}${keysPath}?$top=2&$skiptoken=${skip + 2}` } : {};
      send(res, 200, JSON.stringify({ value, ...next }));
    });
    const kids = (await collect(clientFor(s).listKeys({ keySetId: KEY_SET }, { pageSize: 2 }))).map((k) => k.kid);
    expect(kids).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
    expect(s.requests.map((r) => decodeURIComponent(r.path))).toEqual([`${keysPath}?$top=2`, `${keysPath}?$top=2&$skiptoken=2`, `${keysPath}?$top=2&$skiptoken=4`]);
    expect(s.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('a relative nextLink on the same path is followed', async () => {
    const s = await serve((r, res) => send(res, 200, JSON.stringify(r.path.includes('skiptoken') ? { value: [{ id: 'b' }] } : { value: [{ id: 'a' }], '@odata.nextLink': '/beta/trustFramework/keySets?$skiptoken=1' })));
    expect((await collect(clientFor(s).listKeySets())).map((k) => k.id)).toEqual(['a', 'b']);
  });

  it('retries a throttled page and goes on', async () => {
    const s = await serve((r, res, i) => {
      if (i === 1) return send(res, 429, '', { 'retry-after': '0' });
      send(res, 200, JSON.stringify(r.path.includes('skiptoken') ? { value: [{ id: 'b' }] } : { value: [{ id: 'a' }], '@odata.nextLink': `${s.url}/beta/trustFramework/keySets?$skiptoken=1` }));
    });
    expect((await collect(clientFor(s).listKeySets())).map((k) => k.id)).toEqual(['a', 'b']);
    expect(s.requests).toHaveLength(3);
  });

  it('an unknown key set is a GraphError 404 from the first page', async () => {
    const s = await serve((_r, res) => send(res, 404, JSON.stringify({ error: { code: 'AADB2C', message: 'no such key set' } })));
    await expect(collect(clientFor(s).listKeys({ keySetId: 'B2C_1A_Nope' }))).rejects.toMatchObject({ name: 'GraphError', status: 404, code: 'AADB2C' });
  });

  it.each([
    { name: 'another origin', link: (other: string) => `${other}/beta/trustFramework/keySets?$skiptoken=1`, says: 'points to http://127.0.0.1:' },
    { name: 'another path on the same origin', link: (_o: string, self: string) => `${self}/beta/users?$skiptoken=1`, says: 'points to /beta/users, not to the listing at /beta/trustFramework/keySets' },
    { name: 'a parameter this client does not send', link: (_o: string, self: string) => `${self}/beta/trustFramework/keySets?$skiptoken=1&$select=id`, says: 'carries $select' },
    { name: 'a nextLink that is not a string', link: () => 42, says: 'is not a string' },
  ])('a nextLink to $name is refused, and nothing is sent there', async ({ link, says }) => {
    const other = await serve((_r, res) => send(res, 200, '{"value":[]}'));
    const s = await serve((_r, res) => send(res, 200, JSON.stringify({ value: [{ id: 'a' }], '@odata.nextLink': link(other.url, s.url) })));
    const seen: string[] = [];
    const e = await (async () => {
      for await (const set of clientFor(s).listKeySets()) seen.push(set.id);
    })().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GraphError);
    expect(e).toMatchObject({ code: 'InvalidNextLink' });
    expect((e as Error).message).toContain(says);
    expect(seen).toEqual(['a']);
    expect(other.requests).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });

  it('a page without a value array is an InvalidResponse', async () => {
    const s = await serve((_r, res) => send(res, 200, '{"items":[]}'));
    await expect(collect(clientFor(s).listKeySets())).rejects.toMatchObject({ code: 'InvalidResponse' });
  });

  it.each([0, 1000, 1.5, '5'])('pageSize %j is refused before anything is sent', async (pageSize) => {
    const s = await serve((_r, res) => send(res, 200, '{"value":[]}'));
    await expect(collect(clientFor(s).listKeySets({ pageSize: pageSize as number }))).rejects.toBeInstanceOf(RequestValidationError);
    expect(s.requests).toEqual([]);
  });

  it('getActiveKey reads the active key; a bad key set id is refused', async () => {
    const s = await serve((_r, res) => send(res, 200, JSON.stringify({ kid: 'k1', use: 'sig', kty: 'RSA' })));
    await expect(clientFor(s).getActiveKey({ keySetId: KEY_SET })).resolves.toEqual({ kid: 'k1', use: 'sig', kty: 'RSA' });
    expect(s.requests[0]!.path).toBe(`/beta/trustFramework/keySets/${KEY_SET}/getActiveKey`);
    await expect(clientFor(s).getActiveKey({ keySetId: '..' })).rejects.toMatchObject({ name: 'RequestValidationError', field: 'keySetId' });
    await expect(clientFor(s).getActiveKey({ keySetId: KEY_SET, kid: 'x' } as never)).rejects.toMatchObject({ name: 'RequestValidationError', field: 'kid' });
  });
});

// tfkey check: every key set judged over the horizon (error: no usable key now; warn: a gap begins within --days; ok),
// exit 0 only when all are ok; each format (text, json, markdown, junit, github) and the --html picture, which
// headless Chromium renders. In-process against the test kit's fake, with a pinned clock and a paged listing.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChromium } from './helpers/browser.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeGraph, fakeKey, type FakeKey } from '../src/testing/index.js';
import { runTfkey } from './helpers/tfkey.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const d = (days: number) => new Date(NOW + days * 86_400_000);
const iso = (days: number) => d(days).toISOString().replace('.000Z', 'Z');
const dir = mkdtempSync(join(tmpdir(), 'tfkey-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The key sets an admin meets, one of each verdict and reason. */
const KEY_SETS: Record<string, FakeKey[]> = {
  B2C_1A_TokenSigningKeyContainer: [fakeKey({ kid: 'sig-2026', nbf: d(-200), exp: d(20) }), fakeKey({ kid: 'sig-2027', nbf: d(15), exp: d(380) })],
  B2C_1A_TokenEncryptionKeyContainer: [fakeKey({ kid: 'enc-2026', use: 'enc', nbf: d(-300), exp: d(12) }), fakeKey({ kid: 'enc-2027', use: 'enc', status: 'disabled', nbf: d(5), exp: d(400) })],
  B2C_1A_SamlSigning: [fakeKey({ kid: 'saml-old', nbf: d(-100), exp: d(8) }), fakeKey({ kid: 'saml-late', nbf: d(18), exp: d(500) })],
  B2C_1A_FacebookSecret: [fakeKey({ kid: 'fb', kty: 'oct' })],
  B2C_1A_Legacy: [fakeKey({ kid: 'legacy', nbf: d(-500), exp: d(-3) })],
};

function against(keySets = KEY_SETS) {
  const graph = createFakeGraph({ now: () => NOW, keySets, pageSize: 2 });
  const tfkey = (...args: string[]) => runTfkey(['--base-url', graph.baseUrl, ...args], { cwd: dir, env: { GRAPH_TOKEN: 'check-token' }, io: { fetch: graph.fetch, now: () => NOW } });
  return { graph, tfkey };
}

describe('tfkey check', () => {
  it('--json prints exactly one document: at, days, and per key set its verdict, active key, next, gaps and reasons', async () => {
    const { graph, tfkey } = against();
    const r = await tfkey('--json', 'check');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      at: iso(0),
      days: 30,
      keySets: [
        { keySetId: 'B2C_1A_TokenSigningKeyContainer', verdict: 'ok', active: 'sig-2026', activeUntil: iso(15), next: { kid: 'sig-2027', from: iso(15) }, gaps: [], reasons: [`sig-2026 hands over to sig-2027 on ${iso(15)} (in 15 days)`] },
        {
          keySetId: 'B2C_1A_TokenEncryptionKeyContainer',
          verdict: 'warn',
          active: 'enc-2026',
          activeUntil: iso(12),
          next: null,
          gaps: [{ from: iso(12), to: null }],
          reasons: [`B2C_1A_TokenEncryptionKeyContainer has no usable key from ${iso(12)} (in 12 days) on: no key becomes usable again: enc-2026, the active key, expires then`, 'enc-2027 would take over then but is disabled: enabling it closes the gap'],
        },
        {
          keySetId: 'B2C_1A_SamlSigning',
          verdict: 'warn',
          active: 'saml-old',
          activeUntil: iso(8),
          next: null,
          gaps: [{ from: iso(8), to: iso(18) }],
          reasons: [`B2C_1A_SamlSigning has no usable key from ${iso(8)} (in 8 days) to ${iso(18)}: saml-old, the active key, expires then`, `saml-late becomes usable only on ${iso(18)}, 10 day(s) after the gap begins`],
        },
        { keySetId: 'B2C_1A_FacebookSecret', verdict: 'ok', active: 'fb', activeUntil: null, next: null, gaps: [], reasons: [] },
        { keySetId: 'B2C_1A_Legacy', verdict: 'error', active: null, activeUntil: null, next: null, gaps: [], reasons: [`B2C_1A_Legacy has no usable key now, and every policy using it fails: legacy expired on ${iso(-3)}`] },
      ],
    });
    // Five key sets at two a page: the listing took three pages.
    expect(graph.requests.filter((q) => q.operationId === 'listTrustFrameworkKeySets')).toHaveLength(3);
    expect(r.stderr).toBe('');
  });

  it('exit 0 when every key set named is ok; --at moves now, --days the horizon', async () => {
    const { tfkey } = against();
    expect((await tfkey('check', 'B2C_1A_TokenSigningKeyContainer', 'B2C_1A_FacebookSecret')).code).toBe(0);
    // On 2027-12-10 the signing key set's last key has run out.
    const later = await tfkey('--json', 'check', 'B2C_1A_TokenSigningKeyContainer', '--at', '2027-12-20');
    expect(JSON.parse(later.stdout)).toMatchObject({ at: '2027-12-20T00:00:00Z', keySets: [{ verdict: 'error', active: null }] });
    // The signing key set's last key expires in 380 days: a warning only with a horizon that reaches it.
    expect(JSON.parse((await tfkey('--json', 'check', 'B2C_1A_TokenSigningKeyContainer', '--days', '379')).stdout).keySets[0].verdict).toBe('ok');
    expect(JSON.parse((await tfkey('--json', 'check', 'B2C_1A_TokenSigningKeyContainer', '--days', '380')).stdout).keySets[0]).toMatchObject({ verdict: 'warn', gaps: [{ from: iso(380), to: null }] });
    // The longest horizon there is: ten years.
    expect((await tfkey('--json', 'check', 'B2C_1A_TokenSigningKeyContainer', '--days', '3650')).code).toBe(1);
  });

  it('now is judged at a whole second, as every date it prints', async () => {
    const graph = createFakeGraph({ now: () => NOW, keySets: KEY_SETS });
    const r = await runTfkey(['--base-url', graph.baseUrl, '--json', 'check', 'B2C_1A_FacebookSecret'], { cwd: dir, env: { GRAPH_TOKEN: 't' }, io: { fetch: graph.fetch, now: () => NOW + 577 } });
    expect(JSON.parse(r.stdout).at).toBe(iso(0));
  });

  it('a key set Graph does not know is an error of its own', async () => {
    const r = await against().tfkey('--json', 'check', 'B2C_1A_Nope');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).keySets).toEqual([{ keySetId: 'B2C_1A_Nope', verdict: 'error', active: null, activeUntil: null, next: null, gaps: [], reasons: ['there is no key set B2C_1A_Nope'] }]);
  });

  it('text: a table per key set with its verdict, the reasons under it, a count at the end', async () => {
    const r = await against().tfkey('check', 'B2C_1A_SamlSigning', 'B2C_1A_FacebookSecret');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `tfkey check: ${iso(0)} to ${iso(30)} (30 days)`,
        '',
        'B2C_1A_SamlSigning  WARN',
        '  FROM                  TO                    ACTIVE KEY',
        `  ${iso(0)}  ${iso(8)}  saml-old`,
        `  ${iso(8)}  ${iso(18)}  (none: sign-ins fail)`,
        `  ${iso(18)}  ${iso(500)}  saml-late`,
        `  - B2C_1A_SamlSigning has no usable key from ${iso(8)} (in 8 days) to ${iso(18)}: saml-old, the active key, expires then`,
        `  - saml-late becomes usable only on ${iso(18)}, 10 day(s) after the gap begins`,
        '',
        'B2C_1A_FacebookSecret  OK',
        '  FROM                  TO  ACTIVE KEY',
        `  ${iso(0)}  -   fb`,
        '',
        '2 key sets: 1 ok, 1 warn, 0 error',
        '',
      ].join('\n'),
    );
  });

  it('markdown: the same for a pull request or a wiki', async () => {
    const r = await against().tfkey('check', '--format', 'markdown', 'B2C_1A_Legacy');
    expect(r.stdout).toBe(
      [
        `## tfkey check: ${iso(0)} to ${iso(30)} (30 days)`,
        '',
        '1 key set: 0 ok, 0 warn, 1 error.',
        '',
        '### B2C_1A_Legacy: **ERROR**',
        '',
        '| from | to | active key |',
        '| --- | --- | --- |',
        `| ${iso(0)} | - | (none: sign-ins fail) |`,
        '',
        `- B2C_1A_Legacy has no usable key now, and every policy using it fails: legacy expired on ${iso(-3)}`,
        '',
      ].join('\n'),
    );
  });

  it('junit: one test case per key set, a failure for each that is not ok', async () => {
    const r = await against().tfkey('check', '--format', 'junit');
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuite name="tfkey check" tests="5" failures="3" errors="0" timestamp="2026-12-01T00:00:00Z">\n/);
    expect(r.stdout).toContain('<testcase name="B2C_1A_TokenSigningKeyContainer" classname="tfkey.check"/>');
    expect(r.stdout).toContain(`<testcase name="B2C_1A_Legacy" classname="tfkey.check">\n    <failure type="error" message="B2C_1A_Legacy has no usable key now, and every policy using it fails: legacy expired on ${iso(-3)}">`);
    expect(r.stdout.match(/<failure type="warn"/g)).toHaveLength(2);
    expect(r.stdout.trimEnd().endsWith('</testsuite>')).toBe(true);
  });

  it('github: an ::error for each error, a ::warning for each warn, escaped as workflow commands', async () => {
    const r = await against().tfkey('check', '--format', 'github');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::warning title=tfkey check%3A B2C_1A_'))).toHaveLength(2);
    expect(lines).toContain(`::error title=tfkey check%3A B2C_1A_Legacy::B2C_1A_Legacy has no usable key now, and every policy using it fails: legacy expired on ${iso(-3)}`);
    expect(lines.find((l) => l.includes('B2C_1A_TokenEncryptionKeyContainer'))).toContain('expires then%0Aenc-2027 would take over then');
    expect(lines.at(-1)).toBe('5 key sets: 2 ok, 2 warn, 1 error');
  });

  it('no credentials is exit 2, and nothing is judged', async () => {
    const graph = createFakeGraph({ now: () => NOW, keySets: KEY_SETS });
    const r = await runTfkey(['--base-url', graph.baseUrl, 'check'], { cwd: dir, env: {}, io: { fetch: graph.fetch, now: () => NOW } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tfkey: AuthenticationError: no token: pass --token or set GRAPH_TOKEN/);
    expect([r.stdout, graph.requests]).toEqual(['', []]);
  });

  it.each([
    [['--days', 'x'], '--days must be a whole number of days from 0 to 3650 (got "x")'],
    [['--days', '3651'], '--days must be a whole number of days from 0 to 3650 (got "3651")'],
    [['--at', 'soon'], '--at must be an ISO 8601 date, e.g. 2026-12-01 or 2026-12-01T09:00:00Z (got "soon")'],
    [['--format', 'yaml'], "argument 'yaml' is invalid. Allowed choices are text, json, markdown, junit, github."],
  ])('%j is bad usage, exit 2, and nothing is read', async (args, says) => {
    const { graph, tfkey } = against();
    const r = await tfkey('check', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
    expect(graph.requests).toEqual([]);
  });
});

describe('tfkey check --html: the picture', () => {
  it('writes one self-contained page that names every key set, kid and verdict, and Chromium renders it', async (ctx) => {
    const { tfkey } = against();
    const r = await tfkey('check', '--html', 'picture.html');
    expect(r.stderr).toBe('');
    const html = readFileSync(join(dir, 'picture.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)="https?:/);
    for (const [keySetId, keys] of Object.entries(KEY_SETS)) {
      expect(html).toContain(`data-key-set="${keySetId}"`);
      for (const k of keys) expect(html).toContain(`>${k.kid}`);
    }
    const browser = await runChromium();
    if (typeof browser === 'string') return ctx.skip(browser);
    try {
      const tab = await browser.newPage({ viewport: { width: 1220, height: 600 } });
      const errors: string[] = [];
      const requests: string[] = [];
      tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      tab.on('pageerror', (e) => errors.push(String(e)));
      tab.on('request', (q) => !q.url().startsWith('file:') && requests.push(q.url()));
      await tab.goto(`file://${join(dir, 'picture.html')}`);
      const verdicts = await tab.locator('g.set').evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-key-set'), g.querySelector('.verdict')!.textContent]));
      expect(verdicts).toEqual([
        ['B2C_1A_TokenSigningKeyContainer', 'OK'],
        ['B2C_1A_TokenEncryptionKeyContainer', 'WARN'],
        ['B2C_1A_SamlSigning', 'WARN'],
        ['B2C_1A_FacebookSecret', 'OK'],
        ['B2C_1A_Legacy', 'ERROR'],
      ]);
      // Gaps in red (the two warnings and the error), the disabled key hatched, and the lines at now and the horizon.
      expect(await tab.locator('rect.gap').count()).toBe(3);
      expect(await tab.locator('rect.key.off').count()).toBe(1);
      const box = async (sel: string) => (await tab.locator(sel).boundingBox())!;
      expect((await box('line.horizon')).x).toBeGreaterThan((await box('line.now')).x + 100);
      expect(await tab.locator('svg').evaluate((s) => s.getBoundingClientRect().width)).toBeGreaterThan(1000);
      expect([errors, requests]).toEqual([[], []]);
      const shot = process.env.TFK_CHECK_SHOT ?? join(dir, 'check.png');
      await tab.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  }, 30_000);
});

// The picture of `tfkey check --html`, drawn to scale: checkHtml() on a pinned run, its SVG read back element by
// element and held to positions worked out by hand. The axis runs from a quarter of the horizon before now to a
// quarter after its end; with a 30-day horizon that is 45 days over 810 px (x 340 to 1150): 18 px a day, now at
// x 475, the horizon at x 1015. test/cli-check.test.ts renders the page in Chromium.
import { describe, expect, it } from 'vitest';
import { checkHtml } from '../src/cli/check-html.js';
import type { CheckRun } from '../src/cli/check-report.js';
import { checkKeySet, keyTimeline, type GuardKey } from '../src/jobs/index.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T00:00:00Z');
const s = (days: number) => (NOW + days * DAY) / 1000;

function set(keySetId: string, keys: GuardKey[]) {
  return { check: checkKeySet(keySetId, keys, NOW, 30), keys, timeline: keyTimeline(keys, NOW) };
}

const RUN: CheckRun = {
  at: NOW,
  days: 30,
  sets: [
    // ok: hands over at +15 days; its id needs escaping.
    set('B2C_1A_<Sig>&"x"', [
      { kid: 'sig-old', status: 'enabled', nbf: s(-200), exp: s(20) },
      { kid: 'sig-new', status: 'enabled', nbf: s(15), exp: s(380) },
    ]),
    // warn: a gap from +12 days on; the key that would close it is disabled.
    set('B2C_1A_Enc', [
      { kid: 'enc-old', status: 'enabled', nbf: s(-300), exp: s(12) },
      { kid: 'enc-off', status: 'disabled', nbf: s(5), exp: s(400) },
    ]),
    // ok: a key with no dates is usable throughout.
    set('B2C_1A_Undated', [{ kid: 'u', status: 'enabled' }]),
    // error: its only key expired 3 days ago.
    set('B2C_1A_Legacy', [{ kid: 'legacy', status: 'enabled', nbf: s(-500), exp: s(-3) }]),
  ],
};
/** The edges: a gap that closes, a key before the axis, a key with one date, a key with no status (drawn as not enabled). */
const EDGES: CheckRun = {
  at: NOW,
  days: 30,
  sets: [
    set('B2C_1A_Saml', [
      { kid: 'saml-old', status: 'enabled', nbf: s(-100), exp: s(8) },
      { kid: 'saml-late', status: 'enabled', nbf: s(18) },
      { kid: 'ancient', status: 'enabled', nbf: s(-900), exp: s(-800) },
      { kid: 'nameless', nbf: s(-10), exp: s(10) },
    ]),
  ],
};
const html = checkHtml(RUN);

/** Every element `<tag …>` (with its text, for <text> and <rect><title>) as its attributes. */
function elements(tag: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${tag} ([^>]*?)/?>(?:([^<]*)(?:<title>([^<]*)</title>)?)?`, 'g'))].map((m) => ({
    ...Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
    ...(m[2] ? { text: m[2] } : {}),
    ...(m[3] ? { title: m[3] } : {}),
  }));
}
const pick = (list: Record<string, string>[], ...keys: string[]) => list.map((e) => keys.map((k) => e[k]).join(' '));
const ofClass = (tag: string, cls: string) => elements(tag).filter((e) => e.class === cls);

describe('tfkey check --html draws to scale', () => {
  it('one group per key set, its id escaped, its verdict in its colour, rows 22 px apart', () => {
    expect(pick(elements('g'), 'data-key-set', 'data-verdict')).toEqual(['B2C_1A_&lt;Sig&gt;&amp;&quot;x&quot; ok', 'B2C_1A_Enc warn', 'B2C_1A_Undated ok', 'B2C_1A_Legacy error']);
    expect(pick(ofClass('text', 'verdict'), 'y', 'fill', 'text')).toEqual(['71 #1a7f37 OK', '165 #9a6700 WARN', '259 #1a7f37 OK', '313 #cf222e ERROR']);
    expect(pick(ofClass('text', 'set-name'), 'x', 'y', 'text')).toEqual(['66 71 B2C_1A_&lt;Sig&gt;&amp;&quot;x&quot;', '66 165 B2C_1A_Enc', '66 259 B2C_1A_Undated', '66 313 B2C_1A_Legacy']);
    expect(pick(ofClass('text', 'kid'), 'x', 'y', 'text')).toEqual(['82 93 sig-old', '82 115 sig-new', '82 187 enc-old', '82 209 enc-off (disabled)', '82 281 u', '82 335 legacy']);
  });

  it('each key a bar from nbf to exp, clipped to the axis: disabled keys hatched, undated ones across it', () => {
    expect(pick(elements('rect').filter((e) => e.class?.startsWith('key')), 'class', 'x', 'y', 'width', 'height', 'title')).toEqual([
      'key 340 82 495 14 sig-old: 2026-05-15 to 2026-12-21',
      'key 745 104 405 14 sig-new: 2026-12-16 to 2027-12-16',
      'key 340 176 351 14 enc-old: 2026-02-04 to 2026-12-13',
      'key off 565 198 585 14 enc-off: 2026-12-06 to 2028-01-05',
      'key undated 340 270 810 14 u: no nbf to no exp',
      'key 340 324 81 14 legacy: 2025-07-19 to 2026-11-28',
    ]);
  });

  it('who is active when: solid on the key’s own row and on the key set’s track; the gaps in red', () => {
    expect(pick(ofClass('rect', 'active'), 'x', 'y', 'width', 'height')).toEqual(['475 82 270 14', '745 104 405 14', '475 176 216 14', '475 270 675 14']);
    expect(pick(ofClass('rect', 'active-track'), 'x', 'y', 'width', 'height', 'title')).toEqual(['475 63 270 8 sig-old active', '745 63 405 8 sig-new active', '475 157 216 8 enc-old active', '475 251 675 8 u active']);
    expect(pick(ofClass('rect', 'gap'), 'x', 'y', 'width', 'height', 'title')).toEqual(['691 153 459 16 no usable key from 2026-12-13 on', '475 301 675 16 no usable key from 2026-12-01 on']);
  });

  it('the first reason under each key set, with how many more there are', () => {
    const reasons = ofClass('text', 'reason');
    expect(pick(reasons, 'y')).toEqual(['135', '229', '355']);
    expect(reasons[0]!.text).toBe('sig-old hands over to sig-new on 2026-12-16T00:00:00Z (in 15 days)');
    expect(reasons[1]!.text).toMatch(/^B2C_1A_Enc has no usable key from 2026-12-13T00:00:00Z \(in 12 days\) on: .* \(\+1 more\)$/);
    expect(reasons[2]!.text).not.toContain('more)');
  });

  it('a dated tick about every sixth of the axis, and lines at now and at the horizon', () => {
    expect(pick(ofClass('line', 'tick'), 'x1', 'x2', 'y1', 'y2')).toEqual(['349 349 50 370', '493 493 50 370', '637 637 50 370', '781 781 50 370', '925 925 50 370', '1069 1069 50 370']);
    expect(pick(ofClass('text', 'tick-label'), 'x', 'y', 'text')).toEqual(['349 46 2026-11-24', '493 46 2026-12-02', '637 46 2026-12-10', '781 46 2026-12-18', '925 46 2026-12-26', '1069 46 2027-01-03']);
    expect(pick(elements('line').filter((e) => e.class === 'now' || e.class === 'horizon'), 'class', 'x1', 'x2', 'y1', 'y2')).toEqual(['now 475 475 26 370', 'horizon 1015 1015 26 370']);
    expect(pick(ofClass('text', 'mark'), 'x', 'y', 'text')).toEqual(['475 22 now 2026-12-01', '1015 22 horizon +30 d']);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" width="1180" height="386" viewBox="0 0 1180 386"');
  });

  it('says what it shows, from when, and how many key sets had each verdict', () => {
    expect(html).toContain('<title>tfkey check 2026-12-01</title>');
    expect(html).toContain('<p>From 2026-12-01T00:00:00Z, horizon 30 days. 4 key set(s): 2 ok, 1 warn, 1 error.</p>');
  });

  it('at the edges: a gap that closes says until when; a key wholly before the axis has no bar; one date is not undated', () => {
    const edges = checkHtml(EDGES);
    const rects = [...edges.matchAll(/<rect class="(gap|key[^"]*|active)" x="([^"]*)"[^>]*?width="([^"]*)"[^>]*>(?:<title>([^<]*)<\/title>)?/g)].map((m) => [m[1], m[2], m[3], m[4] ?? ''].join(' ').trim());
    expect(rects).toEqual([
      'gap 619 180 no usable key from 2026-12-09 to 2026-12-19',
      'key 340 279 saml-old: 2026-08-23 to 2026-12-09',
      'active 475 144',
      'key 799 351 saml-late: 2026-12-19 to no exp',
      'active 799 351',
      'key off 340 315 nameless: 2026-11-21 to 2026-12-11',
    ]);
    expect(edges).toContain('>ancient</text>');
    expect(edges).toContain('>nameless (no status)</text>');
  });

  it('a horizon of 0 days still has an axis: a quarter of a day each side of now, which is in its middle', () => {
    const zero = checkHtml({ at: NOW, days: 0, sets: [] });
    expect(zero).toMatch(/<line class="now" x1="745" x2="745"/);
    expect(zero).toMatch(/<line class="horizon" x1="745" x2="745"/);
    // One tick, at the day that begins within it: now itself.
    expect(pick([...zero.matchAll(/<text class="tick-label" x="([^"]*)"[^>]*>([^<]*)</g)].map((m) => ({ x: m[1]!, day: m[2]! })), 'x', 'day')).toEqual(['745 2026-12-01']);
    expect(zero).toContain('0 key set(s): 0 ok, 0 warn, 0 error.');
  });
});

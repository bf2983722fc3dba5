// The rendered reference: `npm run docs` produces one self-contained HTML page naming the operation, and headless
// Chromium renders the PATCH operation from it without console errors (skipped where Chromium is not installed;
// .ci/run installs Debian's chromium-headless-shell).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocs } from '../scripts/docs.js';
import { runChromium } from './helpers/browser.js';

const dir = mkdtempSync(join(tmpdir(), 'tfkey-docs-'));
let page: string;

beforeAll(() => {
  page = buildDocs(join(dir, 'index.html'));
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run docs', () => {
  it('writes one self-contained page that names the operation', () => {
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('Update trustFrameworkKey_v2');
    expect(html).toContain('updateTrustFrameworkKeyV2');
    // Redoc is inlined: no script or stylesheet is fetched from elsewhere.
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+(modulepreload|stylesheet)[^>]+href="https?:/);
  });

  it('renders the PATCH operation in headless Chromium without console errors', async (ctx) => {
    // The run's Chromium; a machine without it says so rather than passing.
    const browser = await runChromium();
    if (typeof browser === 'string') return ctx.skip(browser);
    try {
      const tab = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      const errors: string[] = [];
      const external: string[] = [];
      const failedLoads: string[] = [];
      tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      tab.on('pageerror', (e) => errors.push(String(e)));
      tab.on('request', (r) => /^https?:/.test(r.url()) && external.push(r.url()));
      tab.on('requestfailed', (r) => failedLoads.push(r.url()));
      await tab.goto(`file://${page}`);
      // The tag's operation list links each operation; follow the PATCH one as a reader would.
      await tab.locator('a[href$="/updatetrustframeworkkeyv2"]').first().click();
      const heading = tab.getByRole('heading', { name: 'Update trustFrameworkKey_v2' });
      await heading.waitFor({ state: 'visible', timeout: 10_000 });
      await expect(tab.locator('body').innerText()).resolves.toMatch(/status[\s\S]*enabled[\s\S]*disabled/);
      const shot = process.env.TFK_DOCS_SHOT ?? join(dir, 'patch.png');
      await tab.screenshot({ path: shot });
      // Redoc's "API docs by Redocly" badge loads its logo from Redocly's CDN; this machine has no network, so that
      // one image fails (and Redoc hides it). It is the only thing fetched from elsewhere, and the only error allowed.
      const badge = (u: string) => u.startsWith('https://cdn.redoc.ly/redoc/logo-mini');
      expect(external.filter((u) => !badge(u))).toEqual([]);
      const loadErrors = errors.filter((e) => e.startsWith('Failed to load resource'));
      expect(errors.filter((e) => !loadErrors.includes(e))).toEqual([]);
      expect(failedLoads.filter((u) => !badge(u))).toEqual([]);
      expect(loadErrors.length).toBeLessThanOrEqual(failedLoads.length);
      expect(statSync(shot).size).toBeGreaterThan(5_000);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

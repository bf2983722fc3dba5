// `tfkey check --html <file>`: the key sets over time as one self-contained page (inline SVG and CSS, nothing
// fetched): a row per key set with its verdict, each key a bar from nbf to exp (undated keys across the whole axis,
// disabled keys hatched), the stretches where a key is active drawn solid, gaps in red, and lines at now and at the
// horizon.
import { isoDate } from '../jobs/guard.js';
import type { CheckRun } from './check-report.js';

const DAY = 86_400_000;
const W = 1180;
const LEFT = 340;
const RIGHT = 30;
const ROW = 22;
const TOP = 56;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const day = (ms: number) => isoDate(ms / 1000).slice(0, 10);
const COLOR = { ok: '#1a7f37', warn: '#9a6700', error: '#cf222e' } as const;

export function checkHtml(run: CheckRun): string {
  const end = run.at + run.days * DAY;
  const span = Math.max(DAY, end - run.at);
  const t0 = run.at - span * 0.25;
  const t1 = end + span * 0.25;
  const x = (t: number) => LEFT + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * (W - LEFT - RIGHT);
  const parts: string[] = [];
  let y = TOP;

  // Date ticks, about six across the axis.
  const step = Math.max(1, Math.round((t1 - t0) / DAY / 6)) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(t0 / DAY) * DAY; t <= t1; t += step) ticks.push(t);

  for (const s of run.sets) {
    const { check } = s;
    parts.push(`<g class="set" data-key-set="${esc(check.keySetId)}" data-verdict="${check.verdict}">`);
    parts.push(`<text class="verdict" x="8" y="${y + 15}" fill="${COLOR[check.verdict]}">${check.verdict.toUpperCase()}</text>`);
    parts.push(`<text class="set-name" x="66" y="${y + 15}">${esc(check.keySetId)}</text>`);
    // The active track: who signs when, and the gaps in red.
    for (const seg of s.timeline.segments) {
      const a = x(seg.from);
      const b = x(seg.to ?? t1);
      if (b <= a) continue;
      if (seg.kid === null) parts.push(`<rect class="gap" x="${a}" y="${y + 3}" width="${b - a}" height="${ROW - 6}"><title>no usable key from ${day(seg.from)}${seg.to === null ? ' on' : ` to ${day(seg.to)}`}</title></rect>`);
      else parts.push(`<rect class="active-track" x="${a}" y="${y + 7}" width="${b - a}" height="${ROW - 14}"><title>${esc(seg.kid)} active</title></rect>`);
    }
    y += ROW;
    for (const k of s.keys) {
      const undated = k.nbf == null && k.exp == null;
      const a = x(k.nbf == null ? t0 : k.nbf * 1000);
      const b = x(k.exp == null ? t1 : k.exp * 1000);
      const cls = k.status === 'enabled' ? 'key' : 'key off';
      parts.push(`<text class="kid" x="82" y="${y + 15}">${esc(k.kid)}${k.status === 'enabled' ? '' : ` (${esc(k.status ?? 'no status')})`}</text>`);
      if (b > a) parts.push(`<rect class="${cls}${undated ? ' undated' : ''}" x="${a}" y="${y + 4}" width="${b - a}" height="${ROW - 8}"><title>${esc(k.kid)}: ${k.nbf == null ? 'no nbf' : day(k.nbf * 1000)} to ${k.exp == null ? 'no exp' : day(k.exp * 1000)}</title></rect>`);
      for (const seg of s.timeline.segments.filter((g) => g.kid === k.kid)) {
        const c = x(seg.from);
        const d = x(seg.to ?? t1);
        if (d > c) parts.push(`<rect class="active" x="${c}" y="${y + 4}" width="${d - c}" height="${ROW - 8}"/>`);
      }
      y += ROW;
    }
    if (check.reasons.length) {
      parts.push(`<text class="reason" x="82" y="${y + 13}">${esc(check.reasons[0]!)}${check.reasons.length > 1 ? ` (+${check.reasons.length - 1} more)` : ''}</text>`);
      y += ROW - 4;
    }
    parts.push('</g>');
    y += 10;
  }

  const axis = ticks.map((t) => `<line class="tick" x1="${x(t)}" x2="${x(t)}" y1="${TOP - 6}" y2="${y}"/><text class="tick-label" x="${x(t)}" y="${TOP - 10}" text-anchor="middle">${day(t)}</text>`).join('');
  const marks = [
    `<line class="now" x1="${x(run.at)}" x2="${x(run.at)}" y1="${TOP - 30}" y2="${y}"/><text class="mark" x="${x(run.at)}" y="${TOP - 34}" text-anchor="middle">now ${day(run.at)}</text>`,
    `<line class="horizon" x1="${x(end)}" x2="${x(end)}" y1="${TOP - 30}" y2="${y}"/><text class="mark" x="${x(end)}" y="${TOP - 34}" text-anchor="middle">horizon +${run.days} d</text>`,
  ].join('');
  const height = y + 16;
  const n = (v: string) => run.sets.filter((s) => s.check.verdict === v).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tfkey check ${day(run.at)}</title>
<style>
body{font:14px system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px;color:#1f2328;background:#fff}
h1{font-size:18px;margin:0 0 4px}p{margin:0 0 8px;color:#59636e}
.set-name{font-weight:600;font-size:13px}.verdict{font-weight:700;font-size:13px}.kid{font-size:12px;fill:#1f2328}
.key{fill:#b6d4fe;stroke:#0969da;stroke-width:1}.key.off{fill:url(#hatch);stroke:#8c959f;stroke-dasharray:3 2}
.key.undated{stroke-dasharray:6 3}.active{fill:#0969da;opacity:.85}.active-track{fill:#8fbcf0}
.gap{fill:#cf222e;opacity:.8}.now{stroke:#1f2328;stroke-width:2}.horizon{stroke:#8250df;stroke-width:2;stroke-dasharray:6 4}
.tick{stroke:#eaeef2}.tick-label{font-size:11px;fill:#59636e}.mark{font-size:12px;font-weight:600}.reason{font-size:11px;fill:#59636e}
.legend span{display:inline-block;margin-right:14px;font-size:12px}.sw{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle}
</style></head><body>
<h1>tfkey check: key sets over time</h1>
<p>From ${esc(isoDate(run.at / 1000))}, horizon ${run.days} days. ${run.sets.length} key set(s): ${n('ok')} ok, ${n('warn')} warn, ${n('error')} error.</p>
<p class="legend"><span><i class="sw" style="background:#b6d4fe;border:1px solid #0969da"></i>key valid (nbf to exp)</span><span><i class="sw" style="background:#0969da"></i>active</span><span><i class="sw" style="background:repeating-linear-gradient(45deg,#d0d7de 0 3px,#fff 3px 6px);border:1px dashed #8c959f"></i>disabled</span><span><i class="sw" style="background:#cf222e"></i>no usable key</span></p>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" role="img" aria-label="key sets over time">
<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="#d0d7de"/></pattern></defs>
${axis}${parts.join('\n')}${marks}
</svg>
</body></html>
`;
}

// Where a spec change shows in the file: the line an annotation or a JUnit case should point at. An addition points
// at its new line; a removal at the nearest line that still exists (where the removed lines were). Found from a line
// diff of the two texts, narrowed to the operation the change is about and to lines that name what changed.

/** The lines the head text added (1-based head line numbers), and where base lines were removed (the head line now there). */
export interface LineDiff {
  added: number[];
  /** Head line (1-based) at which base lines were removed, with those lines. */
  removed: { at: number; lines: string[] }[];
  headLines: string[];
}

export function lineDiff(baseText: string, headText: string): LineDiff {
  const a = baseText.split('\n');
  const b = headText.split('\n');
  const n = a.length;
  const m = b.length;
  // The lines both texts begin and end with are kept: a spec change touches a few lines, and the table below is
  // (changed base lines + 1) × (changed head lines + 1), not the whole file squared (4 MB for a 1,000-line spec).
  let start = 0;
  while (start < n && start < m && a[start] === b[start]) start++;
  let endA = n;
  let endB = m;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  // Longest common subsequence of the lines between, from the end, so the walk below can go forward.
  const cols = endB - start + 1;
  const lcs = new Int32Array((endA - start + 1) * cols);
  const at = (i: number, j: number) => (i - start) * cols + (j - start);
  for (let i = endA - 1; i >= start; i--) for (let j = endB - 1; j >= start; j--) lcs[at(i, j)] = a[i] === b[j] ? lcs[at(i + 1, j + 1)]! + 1 : Math.max(lcs[at(i + 1, j)]!, lcs[at(i, j + 1)]!);
  const added: number[] = [];
  const removed: LineDiff['removed'] = [];
  let i = start;
  let j = start;
  let gone: string[] = [];
  const flush = () => {
    if (gone.length) removed.push({ at: Math.min(j + 1, m), lines: gone });
    gone = [];
  };
  while (i < endA || j < endB) {
    if (i < endA && j < endB && a[i] === b[j]) {
      flush();
      i++;
      j++;
    } else if (j < endB && (i >= endA || lcs[at(i, j + 1)]! >= lcs[at(i + 1, j)]!)) {
      added.push(++j);
    } else gone.push(a[i++]!);
  }
  flush();
  return { added, removed, headLines: b };
}

const indentOf = (l: string) => l.length - l.trimStart().length;

/** The head lines (1-based, inclusive) of the operation `where` names ("PATCH /path …"), or of its path item. */
function operationBlock(lines: string[], where: string): [number, number] | undefined {
  const m = /^([A-Z]+) (\/\S*)/.exec(where);
  if (!m) return undefined;
  const pathAt = lines.findIndex((l) => l.trim() === `${m[2]}:`);
  if (pathAt < 0) return undefined;
  const end = (from: number) => {
    let k = from + 1;
    while (k < lines.length && (!lines[k]!.trim() || indentOf(lines[k]!) > indentOf(lines[from]!))) k++;
    return k; // exclusive, 0-based
  };
  const pathEnd = end(pathAt);
  const opAt = lines.findIndex((l, k) => k > pathAt && k < pathEnd && l.trim() === `${m[1]!.toLowerCase()}:`);
  return opAt < 0 ? [pathAt + 1, pathEnd] : [opAt + 1, end(opAt)];
}

const STOP = new Set(['query', 'header', 'path', 'cookie', '-', '→', 'now']);
/** The words of a change's detail that its lines would carry: "query $select" → $select; "404" → 404. */
const tokensOf = (detail: string) => detail.split(/[\s,|→]+/).filter((t) => t.length > 1 && !STOP.has(t));

/**
 * The head line to show a change at, or undefined when the diff has nothing to say (then the caller falls back to
 * the operation's line). Preference: a changed line inside the operation that names what changed; any changed line
 * inside the operation; a changed line anywhere that names it (a shared schema under components).
 */
export function changedLine(diff: LineDiff, where: string, detail: string): number | undefined {
  const block = operationBlock(diff.headLines, where);
  const tokens = tokensOf(detail);
  const inBlock = (line: number) => block !== undefined && line >= block[0] && line <= block[1];
  const names = (text: string) => tokens.some((t) => text.includes(t));
  const spots = [
    ...diff.added.map((line) => ({ line, text: diff.headLines[line - 1]! })),
    ...diff.removed.map((r) => ({ line: r.at, text: r.lines.join('\n') })),
  ].sort((x, y) => x.line - y.line);
  return (
    spots.find((s) => inBlock(s.line) && names(s.text)) ??
    spots.find((s) => inBlock(s.line)) ??
    spots.find((s) => names(s.text))
  )?.line;
}

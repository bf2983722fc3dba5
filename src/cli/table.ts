// Plain-text tables for terminal output: columns padded to their widest cell, no colour, stable for diffs and grep.
// Every row has a cell for every column.
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // The last column is padded like the others and the padding trimmed: no trailing spaces.
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

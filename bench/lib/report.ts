import { round } from './stats';

export interface TableRow {
  measure: string;
  value: string;
  goal?: string;
  met?: boolean;
}

/** A plain-text table for the terminal and a Markdown one for the README. */
export function textTable(rows: readonly TableRow[]): string {
  const cells = rows.map((r) => [r.measure, r.value, r.goal ?? '', r.met === undefined ? '' : r.met ? 'met' : 'MISSED']);
  const header = ['measure', 'value', 'goal', 'status'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function markdownTable(rows: readonly TableRow[]): string {
  const out = ['| Measure | Value | Goal | |', '| --- | ---: | --- | --- |'];
  for (const r of rows) out.push(`| ${r.measure} | ${r.value} | ${r.goal ?? ''} | ${r.met === undefined ? '' : r.met ? 'met' : '**missed**'} |`);
  return out.join('\n');
}

/** A number for people: thousands separated, 3 significant digits below 100. */
export function fmt(value: number, unit = ''): string {
  if (!Number.isFinite(value)) return 'n/a';
  const shown = Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(round(value, 3));
  return unit ? `${shown} ${unit}` : shown;
}

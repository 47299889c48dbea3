/** One bar: its label, its value and the text printed after it. */
export interface Bar {
  label: string;
  value: number;
  text: string;
  /** Highlights the product's own bars. */
  ours?: boolean;
}

export interface Panel {
  title: string;
  bars: Bar[];
  /** Log scale, for values that differ by orders of magnitude. */
  log?: boolean;
}

const WIDTH = 820;
const LABEL_W = 250;
const BAR_W = 400;
const BAR_H = 18;
const ROW_H = 24;

/**
 * A self-contained SVG of horizontal bar panels, written by hand so the
 * bench needs no chart library and the README renders it anywhere.
 */
export function svgChart(title: string, subtitle: string, panels: readonly Panel[]): string {
  const parts: string[] = [];
  let y = 56;
  for (const panel of panels) {
    parts.push(`<text x="16" y="${y}" class="panel">${esc(panel.title)}</text>`);
    y += 12;
    const max = Math.max(...panel.bars.map((b) => b.value), 1e-9);
    const min = Math.min(...panel.bars.map((b) => b.value).filter((v) => v > 0), max);
    const lo = panel.log ? Math.floor(Math.log10(min)) : 0;
    const hi = panel.log ? Math.ceil(Math.log10(max)) : max;
    const scale = (v: number) => {
      if (v <= 0) return 0;
      const f = panel.log ? (Math.log10(v) - lo) / Math.max(hi - lo, 1) : v / hi;
      return Math.max(2, f * BAR_W);
    };
    for (const bar of panel.bars) {
      const w = scale(bar.value);
      parts.push(
        `<text x="${LABEL_W - 8}" y="${y + 13}" class="label" text-anchor="end">${esc(bar.label)}</text>`,
        `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" class="${bar.ours ? 'ours' : 'other'}"/>`,
        `<text x="${(LABEL_W + w + 6).toFixed(1)}" y="${y + 13}" class="value">${esc(bar.text)}</text>`,
      );
      y += ROW_H;
    }
    if (panel.log) parts.push(`<text x="${LABEL_W}" y="${y + 8}" class="note">log scale</text>`);
    y += 26;
  }
  const height = y;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(title)}">
<style>
  text { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; fill: #1f2328; }
  .title { font-size: 18px; font-weight: 600; }
  .subtitle { font-size: 12px; fill: #57606a; }
  .panel { font-size: 14px; font-weight: 600; }
  .label, .value { font-size: 12px; }
  .note { font-size: 10px; fill: #57606a; }
  .ours { fill: #2f6feb; }
  .other { fill: #8c959f; }
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="16" y="24" class="title">${esc(title)}</text>
<text x="16" y="42" class="subtitle">${esc(subtitle)}</text>
${parts.join('\n')}
</svg>
`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Splits a text into runs that share the same marks (code, highlight), so the UI can render
 * titles with `<code>` and `<mark>` elements without ever building HTML from data.
 */

/** A run of text; `code` and `mark` say how it is shown. */
export interface Segment {
  text: string;
  code: boolean;
  mark: boolean;
}

/** Half-open ranges `[start, end)` into the text. */
export type Range = readonly [number, number];

/** Cuts `text` at every range boundary and marks each run. Out-of-bounds ranges are clamped. */
export function segments(text: string, code: readonly Range[] = [], marks: readonly Range[] = []): Segment[] {
  if (text === '') return [];
  const cuts = new Set<number>([0, text.length]);
  const clamp = (n: number) => Math.max(0, Math.min(text.length, n));
  for (const [a, b] of [...code, ...marks]) {
    cuts.add(clamp(a));
    cuts.add(clamp(b));
  }
  const points = [...cuts].sort((x, y) => x - y);
  const inside = (ranges: readonly Range[], at: number) => ranges.some(([a, b]) => at >= a && at < b);
  const out: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [from, to] = [points[i], points[i + 1]];
    if (from === to) continue;
    const seg = { text: text.slice(from, to), code: inside(code, from), mark: inside(marks, from) };
    const last = out[out.length - 1];
    if (last && last.code === seg.code && last.mark === seg.mark) last.text += seg.text;
    else out.push(seg);
  }
  return out;
}

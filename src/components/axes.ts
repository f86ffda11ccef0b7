// Options shared by the charts: Chinese label margins, percentage axes, tooltips.
import {formatPercent} from "./format.js";

/** Pixels for a left axis of Chinese labels (a character is about 1.1 × the font size), within bounds. */
export function labelMargin(labels: readonly string[], {min = 80, max = 300, fontSize = 10} = {}): number {
  const perCharacter = Math.round(fontSize * 1.1);
  return Math.min(max, Math.max(min, 16 + perCharacter * Math.max(0, ...labels.map((l) => l.length))));
}

/** A horizontal axis of shares from 0 to `max` (1 = 100%), gridded, ticks as whole percentages. */
export function percentAxis(label: string, max = 1) {
  return {label, domain: [0, max], grid: true, tickFormat: (d: number) => formatPercent(d, {digits: 0})};
}

/** Tooltips (a mark's title) of several Chinese lines: wide enough that a line with an amount and a cut does not wrap. */
export const tipOptions = {lineWidth: 40, fontSize: 12} as const;

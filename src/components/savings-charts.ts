// Charts of the 节约分析 page: a period against the same months of the year before, per batch, district or level
// (horizontal bars, each bar a link that drills down) and per month. Each takes (data, {width}) and returns a
// Plot figure; one money unit per chart (format.ts); tooltips are the bars' titles, in Chinese.
import * as Plot from "@observablehq/plot";
import {labelMargin, tipOptions} from "./axes.js";
import {chooseMoneyUnitFor, formatMoney, formatNumber, formatPercent, moneyIn} from "./format.js";
import {growth} from "./savings-explorer.js";

/** The period and the same months of last year: the same two colours in every chart of the page. */
const periodColours = ["#4269d0", "#b4b4b4"];

export interface ComparisonBar {
  key: string;
  label: string;
  /** 元 */
  now: number;
  last: number;
  cutNow: number | null;
  cutLast: number | null;
  /** Where a click on the bar leads (the same page with this group chosen, or another page). */
  href: string;
}

export interface PeriodLabels {
  /** "2026 年 1–10 月" */
  now: string;
  /** "2025 年 1–10 月" */
  last: string;
}

/** "+12.3%" / "−4.0%" / "去年同期无采购". */
export function growthText(now: number, last: number): string {
  const g = growth(now, last);
  if (g === null) return now > 0 ? "去年同期无采购" : "—";
  return `${g >= 0 ? "+" : "−"}${formatPercent(Math.abs(g))}`;
}

function tooltip(d: ComparisonBar, periods: PeriodLabels, action: string): string {
  const cut = (c: number | null) => (c === null ? "" : `，实际降幅 ${formatPercent(c)}`);
  return [
    d.label,
    `本期（${periods.now}）：节约 ${formatMoney(d.now)}${cut(d.cutNow)}`,
    `去年同期（${periods.last}）：节约 ${formatMoney(d.last)}${cut(d.cutLast)}`,
    `同比：${growthText(d.now, d.last)}`,
    action
  ].join("\n");
}

/**
 * Savings of each group in the period (upper bar) and in the same months of last year (lower bar), the period's
 * amount and its change at the end. `selected` keeps one group in full colour; `action` ends each tooltip
 * (what a click does).
 */
export function comparisonChart(
  data: readonly ComparisonBar[],
  {
    width,
    periods,
    ariaLabel,
    selected = null,
    action
  }: {width: number; periods: PeriodLabels; ariaLabel: string; selected?: string | null; action: string}
) {
  const unit = chooseMoneyUnitFor(data.flatMap((d) => [d.now, d.last]));
  const bars = data.flatMap((d) => [
    {...d, period: periods.now, value: moneyIn(d.now, unit)},
    {...d, period: periods.last, value: moneyIn(d.last, unit)}
  ]);
  const opacity = (d: ComparisonBar) => (selected === null || d.key === selected ? 1 : 0.35);
  return Plot.plot({
    width,
    height: 50 + data.length * 40,
    marginLeft: labelMargin(data.map((d) => d.label)),
    marginRight: 170,
    ariaLabel,
    x: {
      label: `节约金额（${unit}）`,
      grid: true,
      tickFormat: (v: number) => formatNumber(v, {digits: Number.isInteger(v) ? 0 : 1})
    },
    y: {axis: null, domain: [periods.now, periods.last]},
    fy: {label: null, domain: data.map((d) => d.label), axis: "left", padding: 0.15},
    color: {domain: [periods.now, periods.last], range: periodColours, legend: true},
    marks: [
      Plot.barX(bars, {
        fy: "label",
        y: "period",
        x: "value",
        fill: "period",
        fillOpacity: opacity,
        href: "href",
        title: (d: ComparisonBar) => tooltip(d, periods, action),
        tip: tipOptions
      }),
      Plot.text(data, {
        fy: "label",
        frameAnchor: "right",
        x: (d: ComparisonBar) => Math.max(moneyIn(d.now, unit) ?? 0, moneyIn(d.last, unit) ?? 0),
        text: (d: ComparisonBar) => `${formatMoney(d.now, {unit})}（${growthText(d.now, d.last)}）`,
        dx: 4,
        textAnchor: "start",
        fillOpacity: opacity
      }),
      Plot.ruleX([0])
    ]
  });
}

export interface MonthComparison {
  /** 1–12 */
  month: number;
  now: number;
  last: number;
}

/** Savings per month of the period beside the same month of last year. */
export function monthComparisonChart(
  data: readonly MonthComparison[],
  {width, periods}: {width: number; periods: PeriodLabels}
) {
  const unit = chooseMoneyUnitFor(data.flatMap((d) => [d.now, d.last]));
  const title = (d: MonthComparison) =>
    [
      `${d.month} 月`,
      `本期（${periods.now.slice(0, 4)} 年）：节约 ${formatMoney(d.now)}`,
      `去年同期（${periods.last.slice(0, 4)} 年）：节约 ${formatMoney(d.last)}`,
      `同比：${growthText(d.now, d.last)}`
    ].join("\n");
  const bars = data.flatMap((d) => [
    {...d, period: periods.now, value: moneyIn(d.now, unit)},
    {...d, period: periods.last, value: moneyIn(d.last, unit)}
  ]);
  return Plot.plot({
    width,
    height: 280,
    ariaLabel: "每月节约金额（本期与去年同期）",
    x: {axis: null, domain: [periods.now, periods.last]},
    fx: {label: null, domain: data.map((d) => d.month), tickFormat: (m: number) => `${m} 月`, padding: 0.15},
    y: {
      label: `节约金额（${unit}）`,
      grid: true,
      tickFormat: (v: number) => formatNumber(v, {digits: Number.isInteger(v) ? 0 : 1})
    },
    color: {domain: [periods.now, periods.last], range: periodColours, legend: true},
    marks: [
      Plot.barY(bars, {fx: "month", x: "period", y: "value", fill: "period", title, tip: tipOptions}),
      Plot.ruleY([0])
    ]
  });
}

/**
 * Clicks on a chart's links to this same page change the page's inputs instead of reloading it: `choose` gets
 * the link's parameters. Links to other pages, and a click with Ctrl/⌘ or the middle button, behave as links.
 */
export function followInPage<T extends Element>(figure: T, choose: (params: URLSearchParams) => void): T {
  figure.addEventListener("click", (event) => {
    const mouse = event as MouseEvent;
    if (mouse.ctrlKey || mouse.metaKey || mouse.shiftKey || mouse.button !== 0) return;
    const link = (event.target as Element).closest("a");
    if (!link) return;
    const url = new URL(link.getAttribute("href") ?? "", location.href);
    if (url.pathname !== location.pathname) return;
    event.preventDefault();
    choose(url.searchParams);
  });
  return figure;
}

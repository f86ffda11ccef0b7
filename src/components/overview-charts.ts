// Charts of the 总览 page. Each takes (data, {width}) and returns a Plot figure; money axes use one unit for the
// whole chart (format.ts), percentages are 0–100%.
import * as Plot from "@observablehq/plot";
import {labelMargin, percentAxis, tipOptions} from "./axes.js";
import {chooseMoneyUnitFor, formatMoney, formatNumber, formatPercent, moneyIn} from "./format.js";

/** Fund and patients' shares in every savings chart: the same two colours everywhere. */
export const savingsParts = {domain: ["医保基金", "患者"], range: ["#4269d0", "#efb118"]};

export interface SavingsSplit {
  fund: number | string | null;
  patient: number | string | null;
}

function longParts<T extends SavingsSplit>(data: readonly T[], key: (d: T) => string) {
  return data.flatMap((d) => [
    {key: key(d), part: "医保基金", yuan: Number(d.fund ?? 0), row: d},
    {key: key(d), part: "患者", yuan: Number(d.patient ?? 0), row: d}
  ]);
}

/** The tooltip of a bar: what it is, both parts and their sum, and what a click does. */
function splitTitle(name: string, d: SavingsSplit, action?: string): string {
  const total = Number(d.fund ?? 0) + Number(d.patient ?? 0);
  return [
    name,
    `医保基金：${formatMoney(d.fund ?? 0)}`,
    `患者：${formatMoney(d.patient ?? 0)}`,
    `合计：${formatMoney(total)}`,
    ...(action ? [action] : [])
  ].join("\n");
}

/**
 * Savings per batch, fund and patients stacked, total at the end of each bar. With `hrefFor` each bar is a link
 * (to the batch's hospitals on the 节约分析 page) and its tooltip says so.
 */
export function savingsByBatchChart<T extends SavingsSplit & {batch_name: string}>(
  data: readonly T[],
  {width, hrefFor, action}: {width: number; hrefFor?: (d: T) => string; action?: string}
) {
  const totals = data.map((d) => Number(d.fund ?? 0) + Number(d.patient ?? 0));
  const unit = chooseMoneyUnitFor(totals);
  const rows = longParts(data, (d) => d.batch_name).map((r) => ({...r, value: moneyIn(r.yuan, unit)}));
  const ends = data.map((d, i) => ({
    key: d.batch_name,
    value: moneyIn(totals[i]!, unit),
    text: formatMoney(totals[i]!, {unit})
  }));
  return Plot.plot({
    width,
    height: 50 + data.length * 34,
    marginLeft: labelMargin(data.map((d) => d.batch_name)),
    marginRight: 110,
    ariaLabel: "各批次节约金额",
    x: {
      label: `节约金额（${unit}）`,
      grid: true,
      tickFormat: (d: number) => formatNumber(d, {digits: Number.isInteger(d) ? 0 : 1})
    },
    y: {label: null, domain: data.map((d) => d.batch_name)},
    color: {...savingsParts, legend: true},
    marks: [
      Plot.barX(
        rows,
        Plot.stackX({
          y: "key",
          x: "value",
          fill: "part",
          order: savingsParts.domain,
          ...(hrefFor ? {href: (r: (typeof rows)[number]) => hrefFor(r.row)} : {}),
          title: (r: (typeof rows)[number]) => splitTitle(r.key, r.row, action),
          tip: tipOptions
        })
      ),
      Plot.text(ends, {y: "key", x: "value", text: "text", dx: 4, textAnchor: "start"}),
      Plot.ruleX([0])
    ]
  });
}

/** Savings per month (label 2025-03), fund and patients stacked. */
export function savingsByMonthChart<T extends SavingsSplit & {month: string}>(
  data: readonly T[],
  {width}: {width: number}
) {
  const unit = chooseMoneyUnitFor(data.map((d) => Number(d.fund ?? 0) + Number(d.patient ?? 0)));
  const rows = longParts(data, (d) => d.month).map((r) => ({...r, value: moneyIn(r.yuan, unit)}));
  return Plot.plot({
    width,
    height: 300,
    marginBottom: 40,
    ariaLabel: "每月节约金额",
    x: {
      label: null,
      domain: data.map((d) => d.month),
      tickFormat: (m: string) => (m.endsWith("-01") || data.length <= 12 ? m : m.slice(5))
    },
    y: {
      label: `节约金额（${unit}）`,
      grid: true,
      tickFormat: (d: number) => formatNumber(d, {digits: Number.isInteger(d) ? 0 : 1})
    },
    color: {...savingsParts, legend: true},
    marks: [
      Plot.barY(
        rows,
        Plot.stackY({
          x: "key",
          y: "value",
          fill: "part",
          order: savingsParts.domain,
          title: (r: (typeof rows)[number]) => splitTitle(r.key, r.row),
          tip: tipOptions
        })
      ),
      Plot.ruleY([0])
    ]
  });
}

export interface BatchCut {
  batch_name: string;
  reduction_pre_vbp_simple: number | null;
  reduction_ceiling_simple: number | null;
}

/** Mean price cut of each batch against its two bases: pre-VBP price and the ceiling price. */
export function priceCutChart(
  data: readonly BatchCut[],
  {width, baseLabels}: {width: number; baseLabels: Record<string, string>}
) {
  const points = data
    .flatMap((d) => [
      {batch: d.batch_name, base: `较${baseLabels.pre_vbp}`, r: d.reduction_pre_vbp_simple},
      {batch: d.batch_name, base: `较${baseLabels.ceiling}`, r: d.reduction_ceiling_simple}
    ])
    .filter((p) => p.r !== null);
  const bases = [`较${baseLabels.pre_vbp}`, `较${baseLabels.ceiling}`];
  return Plot.plot({
    width,
    height: 60 + data.length * 32,
    marginLeft: labelMargin(data.map((d) => d.batch_name)),
    marginRight: 60,
    ariaLabel: "各批次降价幅度",
    x: percentAxis("平均降价幅度（中选产品简单平均）"),
    y: {label: null, domain: data.map((d) => d.batch_name)},
    color: {domain: bases, range: ["#4269d0", "#9c6b4e"], legend: true},
    symbol: {domain: bases, range: ["circle", "diamond"]},
    marks: [
      Plot.ruleY(data, {
        y: "batch_name",
        x1: "reduction_pre_vbp_simple",
        x2: "reduction_ceiling_simple",
        stroke: "#ccc"
      }),
      Plot.dot(points, {y: "batch", x: "r", fill: "base", symbol: "base", r: 5}),
      Plot.text(
        points.filter((p) => p.base === bases[0]),
        {
          y: "batch",
          x: "r",
          text: (p: {r: number}) => formatPercent(p.r),
          dx: -8,
          textAnchor: "end",
          fontSize: 11
        }
      )
    ]
  });
}

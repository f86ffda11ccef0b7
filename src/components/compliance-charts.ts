// Charts of the 挂网价格合规 page. Each takes (data, {width, …labels}) and returns a Plot figure.
import * as Plot from "@observablehq/plot";
import {formatInteger, formatNumber} from "./format.js";
import {labelMargin} from "./axes.js";

/** Compliance status colours, the same in both charts: compliant green, over the limit red, no reference grey. */
export const statusColors = {compliant: "#3ca951", over_limit: "#e04a3f", no_reference: "#a0a0a0"} as const;
const statusOrder = ["compliant", "over_limit", "no_reference"] as const;

function statusScale(statusLabels: Record<string, string>) {
  return {
    domain: statusOrder.map((s) => statusLabels[s] ?? s),
    range: statusOrder.map((s) => statusColors[s]),
    legend: true
  };
}

export interface RuleCount {
  rule: string;
  category: string;
  compliance_status: string;
  listings: number;
}

/** Listings per rule and category, stacked by compliance status. */
export function complianceByRuleChart(
  data: readonly RuleCount[],
  {
    width,
    ruleLabels,
    statusLabels
  }: {width: number; ruleLabels: Record<string, string>; statusLabels: Record<string, string>}
) {
  const key = (d: RuleCount) => `${ruleLabels[d.rule] ?? "无适用规则"} · ${d.category}`;
  const keys = [...new Set(data.map(key))];
  const totals = new Map(keys.map((k) => [k, 0]));
  for (const d of data) totals.set(key(d), totals.get(key(d))! + d.listings);
  return Plot.plot({
    width,
    height: 50 + keys.length * 34,
    marginLeft: labelMargin(keys),
    marginRight: 80,
    ariaLabel: "按规则和品类的核查结果",
    x: {label: "挂网产品数", grid: true, tickFormat: formatInteger},
    y: {label: null, domain: keys.sort((a, b) => totals.get(b)! - totals.get(a)!)},
    color: statusScale(statusLabels),
    marks: [
      Plot.barX(
        data,
        Plot.stackX({
          y: key,
          x: "listings",
          fill: (d: RuleCount) => statusLabels[d.compliance_status] ?? d.compliance_status,
          order: statusOrder.map((s) => statusLabels[s] ?? s)
        })
      ),
      Plot.text([...totals], {
        y: (d: [string, number]) => d[0],
        x: (d: [string, number]) => d[1],
        text: (d: [string, number]) => formatInteger(d[1]),
        dx: 4,
        textAnchor: "start"
      }),
      Plot.ruleX([0])
    ]
  });
}

export interface RatioBin {
  rule: string;
  compliance_status: string;
  bin: number;
  listings: number;
}

export interface RatioHistogram {
  binsPerUnit: number;
  maxRatio: number;
  bins: readonly RatioBin[];
  limits: readonly {rule: string; multiplier: number | null}[];
}

/**
 * Distribution of price ÷ reference, one small chart per rule (each with its own count axis, so a rule with
 * few listings is not flattened by a large one), bars coloured by status, the rule's multiplier marked as a
 * dashed line. Counts use a square-root axis so the few listings far above the limit stay visible. The last
 * bin holds every ratio at or above maxRatio.
 */
export function ratioHistogram(
  histogram: RatioHistogram,
  {
    width,
    ruleLabels,
    statusLabels
  }: {width: number; ruleLabels: Record<string, string>; statusLabels: Record<string, string>}
): HTMLElement {
  const {binsPerUnit, maxRatio, bins, limits} = histogram;
  const step = 1 / binsPerUnit;
  const rules = limits.map((l) => l.rule).filter((r) => bins.some((b) => b.rule === r));
  const minRatio = Math.max(0, Math.floor(Math.min(1, ...bins.map((b) => b.bin * step)) * 10) / 10);
  const order = statusOrder.map((s) => statusLabels[s] ?? s);
  const panels = rules.map((rule, i) => {
    const rows = bins
      .filter((b) => b.rule === rule)
      .map((b) => ({
        status: statusLabels[b.compliance_status] ?? b.compliance_status,
        x1: b.bin * step,
        x2: (b.bin + 1) * step,
        listings: b.listings
      }));
    const multiplier = limits.find((l) => l.rule === rule)?.multiplier ?? null;
    const last = i === rules.length - 1;
    return Plot.plot({
      width,
      height: last ? 170 : 130,
      marginTop: 24,
      marginLeft: 60,
      marginBottom: last ? 40 : 20,
      ariaLabel: `挂网价与参照价之比的分布：${ruleLabels[rule] ?? rule}`,
      x: {
        label: last ? "挂网价 ÷ 参照价" : null,
        domain: [minRatio, maxRatio + step],
        tickFormat: (d: number) =>
          last ? (d >= maxRatio ? `≥${formatNumber(maxRatio, {digits: 1})}` : formatNumber(d, {digits: 1})) : ""
      },
      y: {type: "sqrt", label: "产品数", grid: true, ticks: 3, tickFormat: formatInteger},
      color: {domain: order, range: statusOrder.map((s) => statusColors[s]), legend: i === 0},
      marks: [
        Plot.rectY(rows, Plot.stackY({x1: "x1", x2: "x2", y: "listings", fill: "status", order, insetLeft: 0.5})),
        multiplier === null ? null : Plot.ruleX([multiplier], {stroke: "currentColor", strokeDasharray: "4,3"}),
        multiplier === null
          ? null
          : Plot.text([multiplier], {
              x: (d: number) => d,
              text: (d: number) => `限价 ${formatNumber(d, {digits: d % 1 ? 1 : 0})} 倍`,
              frameAnchor: "top",
              dx: 4,
              dy: 2,
              textAnchor: "start",
              stroke: "white",
              strokeWidth: 4,
              fill: "currentColor"
            }),
        Plot.text([ruleLabels[rule] ?? rule], {
          text: (d: string) => d,
          frameAnchor: "top-right",
          dy: -16,
          fontWeight: 600,
          fontSize: 12
        }),
        Plot.ruleY([0])
      ]
    });
  });
  const figure = document.createElement("div");
  figure.className = "jc-small-multiples";
  figure.append(...panels);
  return figure;
}

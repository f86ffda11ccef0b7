// Charts of the 监测预警 page. Each takes (data, {width, …labels}) and returns a Plot figure.
import * as Plot from "@observablehq/plot";
import {percentAxis} from "./axes.js";
import {formatInteger, formatPercent} from "./format.js";

/** Severity colours: red and yellow as the warning tiers are named, info grey. */
const severityColors = {red: "#e04a3f", yellow: "#f2b705", info: "#a0a0a0"} as const;
const severityOrder = ["red", "yellow", "info"] as const;

export interface KindCount {
  alert_kind: string;
  severity: string;
  alerts: number;
}

/** Alerts per kind, stacked by severity, with the kind's total at the end of its bar. */
export function alertsByKindChart(
  data: readonly KindCount[],
  {
    width,
    kindLabels,
    severityLabels
  }: {width: number; kindLabels: Record<string, string>; severityLabels: Record<string, string>}
) {
  const kind = (d: KindCount) => kindLabels[d.alert_kind] ?? d.alert_kind;
  const severity = (d: KindCount) => severityLabels[d.severity] ?? d.severity;
  const totals = new Map<string, number>();
  for (const d of data) totals.set(kind(d), (totals.get(kind(d)) ?? 0) + d.alerts);
  return Plot.plot({
    width,
    height: 50 + totals.size * 34,
    marginLeft: 110,
    marginRight: 50,
    ariaLabel: "各类预警的数量",
    x: {label: "预警数", grid: true},
    y: {label: null, domain: [...totals.keys()]},
    color: {
      domain: severityOrder.map((s) => severityLabels[s] ?? s),
      range: severityOrder.map((s) => severityColors[s]),
      legend: true
    },
    marks: [
      Plot.barX(data, {y: kind, x: "alerts", fill: severity, order: severityOrder.map((s) => severityLabels[s] ?? s)}),
      Plot.text([...totals], {
        y: (d) => d[0],
        x: (d) => d[1],
        text: (d) => formatInteger(d[1]),
        dx: 4,
        textAnchor: "start"
      }),
      Plot.ruleX([0])
    ]
  });
}

export interface SupplyMonth {
  enterprise: string;
  generic_name: string;
  order_month: string;
  lines: number;
  distribution_rate: number;
}

/** Monthly distribution rate of each alerted enterprise × product, with the warning and shortage thresholds. */
export function distributionTrendChart(
  data: readonly SupplyMonth[],
  {width, warningRate, shortageRate}: {width: number; warningRate: number; shortageRate: number}
) {
  const series = (d: SupplyMonth) => `${d.generic_name}（${d.enterprise}）`;
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 50,
    ariaLabel: "预警企业产品的月度配送率",
    x: {type: "utc", label: "订单月份", tickFormat: "%Y-%m"},
    y: percentAxis("配送率"),
    color: {legend: true},
    marks: [
      Plot.ruleY([warningRate], {stroke: "#f2b705", strokeDasharray: "4 3"}),
      Plot.ruleY([shortageRate], {stroke: "#e04a3f", strokeDasharray: "4 3"}),
      Plot.lineY(data, {x: (d) => new Date(d.order_month), y: "distribution_rate", stroke: series, marker: "dot"}),
      Plot.tip(
        data,
        Plot.pointer({
          x: (d) => new Date(d.order_month),
          y: "distribution_rate",
          title: (d) =>
            `${series(d)}\n${d.order_month.slice(0, 7)}：配送率 ${formatPercent(d.distribution_rate)}（${formatInteger(d.lines)} 条）`
        })
      )
    ]
  });
}

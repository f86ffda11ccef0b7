// Charts of the data-quality and load-summary pages. Each takes (data, {width}) and returns a Plot figure.
import * as Plot from "@observablehq/plot";
import {formatInteger} from "./format.js";

/** Axis options for counts: whole-number ticks only (no "0.5 行"). */
function countAxis(label: string, max: number) {
  return {
    label,
    grid: true,
    ...(max < 8 ? {ticks: Array.from({length: Math.max(1, Math.ceil(max)) + 1}, (_, i) => i)} : {}),
    tickFormat: (d: number) => (Number.isInteger(d) ? formatInteger(d) : "")
  };
}

export interface ReasonCount {
  reason: string;
  source_label: string;
  column_label: string | null;
  cells: number;
}

/**
 * Rejected cells per reason and column, largest first; at most `limit` bars. Reasons are long Chinese
 * sentences, so each label sits above its bar across the full width instead of in a cramped left axis.
 */
export function rejectReasonsChart(data: readonly ReasonCount[], {width, limit = 12}: {width: number; limit?: number}) {
  const top = [...data].sort((a, b) => b.cells - a.cells).slice(0, limit);
  const key = (d: ReasonCount) => `${d.source_label}·${d.column_label ?? "整行"}：${d.reason}`;
  const max = Math.max(1, ...top.map((d) => d.cells));
  return Plot.plot({
    width,
    height: 50 + top.length * 46,
    marginLeft: 10,
    marginRight: 70,
    ariaLabel: "拒绝原因",
    x: countAxis("被拒绝的单元格数", max),
    y: {domain: top.map(key), axis: null, paddingInner: 0.1},
    marks: [
      Plot.barX(top, {y: key, x: "cells", fill: "var(--theme-red)", insetTop: 20}),
      Plot.text(top, {y: key, x: 0, text: key, textAnchor: "start", dy: -10, fontSize: 12}),
      Plot.text(top, {
        y: key,
        x: "cells",
        text: (d: ReasonCount) => formatInteger(d.cells),
        dx: 4,
        dy: 10,
        textAnchor: "start"
      }),
      Plot.ruleX([0])
    ]
  });
}

export interface SourceRows {
  label: string;
  rows_current: number;
  rows_rejected: number;
}

/** Rows now in the warehouse per source, with rejected rows noted at the end of each bar. */
export function rowsBySourceChart(data: readonly SourceRows[], {width}: {width: number}) {
  const max = Math.max(1, ...data.map((d) => d.rows_current));
  return Plot.plot({
    width,
    height: 40 + data.length * 30,
    marginLeft: 110,
    marginRight: 170,
    ariaLabel: "各来源载入行数",
    x: countAxis("仓库中的行数", max),
    y: {label: null, domain: data.map((d) => d.label)},
    marks: [
      Plot.barX(data, {y: "label", x: "rows_current", fill: "var(--theme-foreground-focus)"}),
      Plot.text(data, {
        y: "label",
        x: "rows_current",
        text: (d: SourceRows) =>
          `${formatInteger(d.rows_current)}${d.rows_rejected ? `（拒绝 ${formatInteger(d.rows_rejected)}）` : ""}`,
        dx: 4,
        textAnchor: "start"
      }),
      Plot.ruleX([0])
    ]
  });
}

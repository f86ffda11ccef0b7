// Charts of the 集采批次 page. Each takes (data, {width}) and returns a Plot figure.
import * as Plot from "@observablehq/plot";
import {formatPercent} from "./format.js";
import {labelMargin, percentAxis} from "./axes.js";

export interface HospitalPace {
  batch_id: string;
  hospital_code: string;
  hospital_name: string | null;
  year_index: number;
  is_year_ended: boolean;
  completion: number | null;
  elapsed: number | null;
  pace_threshold: number | null;
  pace_status: string;
}

/** Not on pace in the current cycle year: behind, ended short of the agreed volume, or without one (hospital_progress). */
export function isOffPace(d: HospitalPace): boolean {
  return d.pace_status !== "on_pace" && d.pace_status !== "met";
}

/** A stable vertical offset in [-1, 1] per hospital, so dots of one batch spread out the same way every time. */
function jitter(code: string): number {
  let hash = 2166136261;
  for (let i = 0; i < code.length; i++) hash = Math.imul(hash ^ code.charCodeAt(i), 16777619);
  return ((hash >>> 0) / 0xffffffff) * 2 - 1;
}

/**
 * One row per batch, one dot per hospital at its completion; the solid tick is the elapsed share of the cycle
 * year, the dashed tick the behind-pace threshold. Hospitals not on pace are red and drawn on top; a hospital
 * without an agreed volume in the year has no completion and no dot (the page counts it).
 */
export function paceChart(
  data: readonly HospitalPace[],
  {width, batchNames}: {width: number; batchNames: Map<string, string>}
) {
  const ids = [...new Set(data.map((d) => d.batch_id))];
  const names = ids.map((id) => {
    const d = data.find((p) => p.batch_id === id)!;
    return `${batchNames.get(id) ?? id} · 第${d.year_index}年${d.is_year_ended ? "（已结束）" : ""}`;
  });
  // y is numeric (batch index plus a per-hospital offset) so the dots of a batch spread over its band
  const rows = data
    .filter((d) => d.completion !== null)
    .map((d) => ({
      ...d,
      y: ids.indexOf(d.batch_id) + jitter(d.hospital_code) * 0.3,
      status: isOffPace(d) ? "进度未达标" : "进度正常"
    }))
    .sort((a, b) => Number(isOffPace(a)) - Number(isOffPace(b)));
  const marks = ids.map((id, i) => {
    const first = data.find((d) => d.batch_id === id)!;
    return {y1: i - 0.4, y2: i + 0.4, elapsed: first.elapsed, threshold: first.pace_threshold};
  });
  const xMax = Math.max(1.05, ...rows.map((d) => d.completion ?? 0));
  return Plot.plot({
    width,
    height: 60 + ids.length * 44,
    marginLeft: labelMargin(names, {max: 360}),
    marginRight: 20,
    ariaLabel: "各医疗机构约定量完成率",
    x: percentAxis("完成率（实线：序时进度；虚线：滞后阈值）", xMax),
    y: {
      label: null,
      domain: [ids.length - 0.5, -0.5],
      ticks: ids.map((_, i) => i),
      tickFormat: (i: number) => names[i] ?? "",
      tickSize: 0
    },
    color: {domain: ["进度正常", "进度未达标"], range: ["#4269d0", "#e04a3f"], legend: true},
    marks: [
      Plot.ruleY(ids.map((_, i) => i + 0.5).slice(0, -1), {stroke: "#eee"}),
      Plot.dot(rows, {
        y: "y",
        x: "completion",
        fill: "status",
        r: 2.5,
        fillOpacity: (d: {status: string}) => (d.status === "进度未达标" ? 0.95 : 0.45),
        tip: {channels: {医疗机构: "hospital_name"}, format: {x: (d: number) => formatPercent(d), y: false, fill: true}}
      }),
      Plot.ruleX(marks, {x: "elapsed", y1: "y1", y2: "y2", stroke: "currentColor", strokeWidth: 2}),
      Plot.ruleX(marks, {x: "threshold", y1: "y1", y2: "y2", stroke: "currentColor", strokeDasharray: "3,2"})
    ]
  });
}

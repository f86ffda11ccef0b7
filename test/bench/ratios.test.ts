import {describe, expect, it} from "vitest";
import type {BenchOptions} from "../../pipelines/bench/options.js";
import {targetRatios} from "../../pipelines/bench/ratios.js";
import type {Summary} from "../../pipelines/bench/results.js";

const options: BenchOptions = {
  orders: [],
  files: 500,
  sizes: [400_000, 1_600_000],
  scales: [],
  repeat: 1,
  seed: 1,
  groups: ["xlsx"],
  quick: false
};

function step(id: string, rows: number, peakRssMb: number, peakJsMb = 30, ms = 1000): Summary {
  const spread = {median: ms, min: ms, max: ms};
  return {
    id,
    group: "xlsx",
    label: id,
    input: null,
    repeats: 1,
    rows,
    ms: spread,
    cpuMs: spread,
    rowsPerSec: rows,
    peakRssMb,
    setupRssMb: 150,
    peakJsMb,
    loadavg: 1,
    timings: null,
    detail: {}
  };
}

describe("targetRatios", () => {
  it("sets the .xlsx memory growth against the target and against DuckDB's own reader on the same rows", () => {
    const ratios = targetRatios(options, [
      step("xlsx-400000-jicai", 400_000, 600, 60),
      step("csv-400000-duckdb", 400_000, 400),
      step("xlsx-1600000-jicai", 1_600_000, 840, 66),
      step("csv-1600000-duckdb", 1_600_000, 800)
    ]);
    const byStart = (text: string) => ratios.find((r) => r.name.startsWith(text));
    expect(byStart(".xlsx 峰值 RSS：")).toMatchObject({value: 1.4, met: false});
    expect(byStart(".xlsx 峰值 RSS 增长 ÷ DuckDB")).toMatchObject({value: 0.7, met: null});
    expect(byStart(".xlsx Node 内存")).toMatchObject({value: 1.1, met: true});
  });

  it("holds the refresh to the four-column scan and reports it beside a scan of every column", () => {
    const ratios = targetRatios(options, [
      step("refresh", 10_000_000, 2000, 60, 3000),
      step("refresh-full", 10_000_000, 2000, 60, 16000),
      step("scan", 10_000_000, 300, 30, 200),
      step("scan-all", 10_000_000, 300, 30, 800)
    ]);
    const byStart = (text: string) => ratios.find((r) => r.name.startsWith(text));
    expect(byStart("载入后刷新全部模型 ÷ 订单全表扫描")).toMatchObject({value: 15, target: "< 10", met: false});
    expect(byStart("载入后刷新 ÷ 读取全部列")).toMatchObject({value: 3.8, met: null});
    expect(byStart("全量重建 ÷ 读取全部列")).toMatchObject({value: 20, met: null});
  });

  it("sets the load and the whole jicai load against DuckDB's read_csv of the same clean lines", () => {
    // Throughput is rows per second: DuckDB's 4 s against our 5 s is 0.8, against our 8 s 0.5.
    const timed = (id: string, ms: number, peakRssMb: number) => ({
      ...step(id, 2_000_000, peakRssMb, 60, ms),
      rowsPerSec: 2_000_000 / (ms / 1000)
    });
    const ratios = targetRatios({...options, orders: [2_000_000]}, [
      timed("load-2000000-jicai", 5000, 1500),
      timed("load-2000000-jicai-refresh", 8000, 1900),
      timed("load-2000000-duckdb", 4000, 900),
      timed("load-2000000-floor", 6400, 1000)
    ]);
    const byStart = (text: string) => ratios.find((r) => r.name.startsWith(text));
    expect(byStart("载入 2M 行 CSV：本系统吞吐 ÷ DuckDB")).toMatchObject({value: 0.8, target: "≥ 0.8", met: true});
    // The two passes our design needs (numbered text, then typed) set its ceiling: 4 s against 6.4 s.
    expect(byStart("载入 2M 行 CSV：两步下限吞吐 ÷ DuckDB read_csv")).toMatchObject({value: 0.63, met: null});
    expect(byStart("载入 2M 行 CSV：本系统吞吐 ÷ 两步下限")).toMatchObject({value: 1.28, met: null});
    expect(byStart("载入并刷新 2M 行 CSV")).toMatchObject({value: 0.5, target: "≥ 0.6", met: false});
    expect(byStart("载入 2M 行 CSV：峰值 RSS")).toMatchObject({value: 1.46, target: "< 2", met: true});
  });

  it("reports .xls beside .xlsx and the real Hainan loads against DuckDB's read of the same data", () => {
    const ratios = targetRatios({...options, sizes: [20_000]}, [
      step("xls-20000-jicai", 20_000, 400),
      step("xls-20000-xlsx-jicai", 40_000, 300),
      step("real-hainan-gbk", 17_885, 240),
      step("real-hainan-duckdb", 35_770, 180)
    ]);
    expect(ratios.find((r) => r.name.startsWith(".xls 20k 行：本系统吞吐 ÷ 同内容 .xlsx"))).toMatchObject({
      value: 0.5,
      target: "≥ 0.67",
      met: false
    });
    expect(ratios.find((r) => r.name.startsWith("海南 GB18030 CSV"))).toMatchObject({value: 0.5, met: null});
  });

  it("gives many small files as milliseconds per file over DuckDB's read of each, against the 20 ms target", () => {
    const ratios = targetRatios(options, [
      step("small-500-jicai", 500, 300, 30, 30_000),
      step("small-500-duckdb", 500, 200, 30, 2_500)
    ]);
    expect(ratios.find((r) => r.name.startsWith("500 个单行 CSV：每个文件"))).toMatchObject({
      value: 55,
      target: "< 20",
      met: false
    });
    expect(ratios.find((r) => r.name.startsWith("500 个单行 CSV：本系统吞吐"))).toMatchObject({value: 0.08});
  });
});

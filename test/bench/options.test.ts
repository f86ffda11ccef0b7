import {describe, expect, it} from "vitest";
import {parseBenchOptions, parseCount} from "../../pipelines/bench/options.js";
import {median, medianByKey} from "../../pipelines/bench/stats.js";

describe("bench options", () => {
  it("reads row counts with k and m suffixes", () => {
    expect([parseCount("10m"), parseCount("200k"), parseCount("1.5M"), parseCount("5000")]).toEqual([
      10_000_000, 200_000, 1_500_000, 5000
    ]);
    expect(() => parseCount("ten")).toThrow(/无法识别/);
  });

  it("defaults to the issue's sizes, and --quick to small ones with one repeat", () => {
    const full = parseBenchOptions([]);
    expect([full.orders, full.sizes, full.scales, full.repeat]).toEqual([
      [1_000_000, 10_000_000],
      [200_000, 400_000, 800_000],
      [1, 10],
      3
    ]);
    expect(full.files).toBe(500);
    const quick = parseBenchOptions(["--quick", "--only", "load,site"]);
    expect(quick.files).toBe(100);
    expect([quick.orders, quick.repeat, quick.groups]).toEqual([[50_000, 100_000], 1, ["load", "site"]]);
    expect(() => parseBenchOptions(["--only", "loads"])).toThrow(/未知的步骤组/);
  });
});

describe("bench statistics", () => {
  it("takes the median of odd and even counts, per key when records differ", () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2])]).toEqual([2, 2.5]);
    expect(medianByKey([{read: 10, type: 5}, {read: 30}, {read: 20, type: 7}])).toEqual({read: 20, type: 6});
  });
});

import {describe, expect, it} from "vitest";
import {retainedFen} from "../../pipelines/sample/retention.js";

describe("retainedFen", () => {
  it("reproduces the worked example of the research note (synthetic Shenzhen formula)", () => {
    // 1,000,000 tablets at 0.50 元 pre-VBP, r = 0.70, s = 0.90, spend 80,000 元 before r·s, grade B 40%.
    // budget = 1e6 × 0.5 × 0.7 × 0.9 = 315,000; spend = A × r × s; choose A so that spend = 80,000.
    const spendBeforeFactor = Math.round((80_000 / 0.63) * 100); // fen
    const fen = retainedFen(
      [{agreed: [{units: 1_000_000, preVbpUnit: 5_000}], purchasedUnits: 900_000, purchasedFen: spendBeforeFactor}],
      {miPayRatio: 7_000, insuredShare: 9_000, rate: 4_000}
    );
    expect(Number(fen) / 100).toBeCloseTo(94_000, 0);
  });

  it("excludes purchases beyond the agreed quantity pro rata", () => {
    // Agreed 1,000 units at 2.00 → budget 2,000 元; bought 2,000 units for 1,000 元 → spend counted 500 元.
    const fen = retainedFen(
      [{agreed: [{units: 1_000, preVbpUnit: 20_000}], purchasedUnits: 2_000, purchasedFen: 100_000}],
      {
        miPayRatio: 10_000
      }
    );
    expect(fen).toBe(75_000n); // (2000 − 500) × 50%
  });

  it("never pays a negative balance and sums varieties before the floor", () => {
    const over = {agreed: [{units: 100, preVbpUnit: 10_000}], purchasedUnits: 100, purchasedFen: 50_000}; // 100 − 500 = −400
    const under = {agreed: [{units: 1_000, preVbpUnit: 10_000}], purchasedUnits: 500, purchasedFen: 10_000}; // 1000 − 100 = 900
    expect(retainedFen([over], {miPayRatio: 10_000})).toBe(0n);
    expect(retainedFen([over, under], {miPayRatio: 10_000})).toBe(25_000n); // (−400 + 900) × 50%
  });

  it("rounds half up to the fen", () => {
    // budget 0.0001 × 1 unit… choose numbers giving exactly x.xx5: agreed 1 unit at 0.0250 元, r = 1, rate 50% → 0.0125 元 → 0.01
    expect(
      retainedFen([{agreed: [{units: 1, preVbpUnit: 250}], purchasedUnits: 0, purchasedFen: 0}], {miPayRatio: 10_000})
    ).toBe(1n);
    // 3 units at 0.0100 → 0.03 × 0.5 = 0.015 → 0.02
    expect(
      retainedFen([{agreed: [{units: 3, preVbpUnit: 100}], purchasedUnits: 0, purchasedFen: 0}], {miPayRatio: 10_000})
    ).toBe(2n);
  });
});

import {describe, expect, it} from "vitest";
import {packRows, unpackRows} from "../../src/components/packed.js";

describe("packRows / unpackRows", () => {
  const rows = Array.from({length: 40}, (_, i) => ({
    code: `H${String(i % 3).padStart(4, "0")}`,
    name: i % 3 === 1 ? "<script>alert(1)</script>卫生院" : `第${i % 3}医院`,
    amount: i * 1.25 - 3,
    rate: 0.5,
    flag: i % 4 === 0 ? null : i % 2 === 0,
    note: i === 7 ? null : `备注${i}`
  }));

  it("round-trips every value, nulls and markup included", () => {
    expect(unpackRows(JSON.parse(JSON.stringify(packRows(rows))))).toEqual(rows);
  });

  it("stores repeating columns as dictionaries, long runs as runs, true/false as one character a row, unique text as values", () => {
    const packed = packRows(rows);
    expect(packed.columns.code).toEqual({dictionary: ["H0000", "H0001", "H0002"], codes: rows.map((_, i) => i % 3)});
    expect(packed.columns.rate).toEqual({runs: [0.5], lengths: [40]});
    expect(packed.columns.flag).toEqual({
      flags: rows.map((r) => (r.flag === null ? "-" : r.flag ? "1" : "0")).join("")
    });
    expect(packed.columns.note).toEqual({values: rows.map((r) => r.note)});
    expect(packed.columns.amount).toEqual({values: rows.map((r) => r.amount)});
  });

  it("is much smaller than row objects for repeated names", () => {
    const many = Array.from({length: 2000}, (_, i) => ({
      hospital: `华阳市第${i % 50}人民医院`,
      batch: `第${i % 10}批国家组织药品集采`,
      amount: i
    }));
    expect(JSON.stringify(packRows(many)).length).toBeLessThan(JSON.stringify(many).length / 3);
  });

  it("stores the sorted leading keys of a table as runs and round-trips them", () => {
    const sorted = Array.from({length: 120}, (_, i) => ({
      batch: i < 80 ? "B1" : "B2",
      hospital: `H${Math.floor(i / 12)}`,
      month: `2025-${String((i % 12) + 1).padStart(2, "0")}`
    }));
    const packed = packRows(sorted);
    expect(packed.columns.batch).toEqual({runs: ["B1", "B2"], lengths: [80, 40]});
    expect(packed.columns.hospital).toEqual({
      runs: Array.from({length: 10}, (_, i) => `H${i}`),
      lengths: Array(10).fill(12)
    });
    expect("dictionary" in packed.columns.month!).toBe(true); // twelve values alternating: no runs
    expect(unpackRows(JSON.parse(JSON.stringify(packed)))).toEqual(sorted);
  });

  it("packs an empty table", () => {
    expect(unpackRows(packRows([]))).toEqual([]);
  });
});

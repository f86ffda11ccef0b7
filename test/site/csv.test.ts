import {describe, expect, it} from "vitest";
import {csvCell, neutralizeFormula, parseCsv, toCsv} from "../../src/components/csv.js";

interface Reject {
  file: string;
  row: number;
  value: string | null;
  ok: boolean;
}

const rows: Reject[] = [
  {file: "采购明细.csv", row: 3, value: "abc", ok: false},
  {file: "a,b.xlsx", row: 10, value: 'say "hi"\nnext line', ok: true},
  {file: '=HYPERLINK("http://x")', row: 11, value: null, ok: false},
  {file: "-12.5", row: 12, value: "@SUM(A1)", ok: true}
];

const columns = [
  {key: "file", label: "文件"},
  {key: "row", label: "行号"},
  {key: "value", label: "值"},
  {key: "ok", label: "是否有效"}
] as const;

describe("toCsv", () => {
  it("writes a BOM, Chinese headers and CRLF lines", () => {
    const csv = toCsv(rows, columns);
    expect(csv.startsWith("\ufeff文件,行号,值,是否有效\r\n")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  it("round-trips quotes, commas and new lines", () => {
    const parsed = parseCsv(toCsv(rows, columns));
    expect(parsed).toEqual([
      ["文件", "行号", "值", "是否有效"],
      ["采购明细.csv", "3", "abc", "否"],
      ["a,b.xlsx", "10", 'say "hi"\nnext line', "是"],
      ['\'=HYPERLINK("http://x")', "11", "", "否"],
      ["-12.5", "12", "'@SUM(A1)", "是"]
    ]);
  });

  it("uses a column's value function when given", () => {
    const csv = toCsv(rows.slice(0, 1), [{key: "row", label: "行", value: (r: Reject) => r.row * 2}]);
    expect(parseCsv(csv)).toEqual([["行"], ["6"]]);
  });
});

describe("formula injection", () => {
  it("neutralises text that Excel would evaluate, but not numbers", () => {
    expect(neutralizeFormula("=1+1")).toBe("'=1+1");
    expect(neutralizeFormula("+86 10 1234")).toBe("'+86 10 1234");
    expect(neutralizeFormula("-5")).toBe("-5");
    expect(neutralizeFormula("1e5")).toBe("1e5");
    expect(neutralizeFormula("普通文本")).toBe("普通文本");
    expect(csvCell(-3)).toBe("-3");
  });
});

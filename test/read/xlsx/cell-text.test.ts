import {describe, expect, it} from "vitest";
import {
  canonicalNumberText,
  isBuiltInDateFormat,
  isDateFormatCode,
  isoDateText,
  numberText,
  serialDateText,
  unescapeOoxml
} from "../../../pipelines/read/xlsx/cell-text.js";

describe("numberText", () => {
  it("keeps at most Excel's 15 significant digits and never uses an exponent", () => {
    const cases: [number, string][] = [
      [42, "42"],
      [12.34, "12.34"],
      [0.1 + 0.2, "0.3"],
      [1.1 * 3, "3.3"],
      [-5.5, "-5.5"],
      [-0, "0"],
      [1e-7, "0.0000001"],
      [-1.5e-10, "-0.00000000015"],
      [123456789012345, "123456789012345"],
      [1234567890123456, "1234567890123460"],
      [12345678901234567, "12345678901234600"],
      [1e21, "1000000000000000000000"],
      [2.5e22, "25000000000000000000000"],
      [0.000123456789012345678, "0.000123456789012346"]
    ];
    expect(cases.map(([n]) => numberText(n))).toEqual(cases.map(([, text]) => text));
  });
});

describe("canonicalNumberText", () => {
  it("passes through only text that numberText would give back unchanged", () => {
    const accepted = ["0", "42", "-5.5", "12.34", "0.25", "123456789012345", "-0.000001"];
    const refused = [
      "-0",
      "007",
      ".5",
      "1.",
      "1.50",
      "1E3",
      "1e-7",
      "+5",
      "0.30000000000000004",
      "1234567890123456",
      " 1",
      "",
      "-",
      "1.2.3"
    ];
    expect(accepted.map(canonicalNumberText)).toEqual(accepted);
    expect(refused.map(canonicalNumberText)).toEqual(refused.map(() => null));
    for (let i = 0; i < 2000; i++) {
      const text = String(Math.round((Math.random() - 0.5) * 10 ** (i % 12)) / 10 ** (i % 7));
      const canonical = canonicalNumberText(text);
      if (canonical !== null) expect(canonical).toBe(numberText(Number(text)));
    }
  });
});

describe("serialDateText", () => {
  it("turns serials into ISO dates, with the time only when there is one", () => {
    expect(serialDateText(45352, false)).toBe("2024-03-01");
    expect(serialDateText(45352.5625, false)).toBe("2024-03-01 13:30:00");
    expect(serialDateText(45352.99999999, false)).toBe("2024-03-02"); // rounds to the second, into the next day
    expect(serialDateText(1, false)).toBe("1900-01-01");
    expect(serialDateText(59, false)).toBe("1900-02-28");
    expect(serialDateText(61, false)).toBe("1900-03-01");
    expect(serialDateText(2958465, false)).toBe("9999-12-31");
    expect(serialDateText(0, true)).toBe("1904-01-01");
    expect(serialDateText(43830, true)).toBe("2024-01-01");
  });

  it("gives a bare time for serials below one and nothing outside Excel's dates", () => {
    expect(serialDateText(0.75, false)).toBe("18:00:00");
    expect(serialDateText(-1, false)).toBeNull();
    expect(serialDateText(2958466, false)).toBeNull();
  });

  it("reads ISO cells the same way", () => {
    expect(isoDateText("2024-03-01T00:00:00")).toBe("2024-03-01");
    expect(isoDateText("2024-03-01T08:30:00Z")).toBe("2024-03-01 08:30:00");
    expect(isoDateText("not a date")).toBe("not a date");
  });
});

describe("date formats", () => {
  it("recognises built-in date formats, including the Chinese ones", () => {
    expect([14, 22, 31, 57, 58, 0, 2, 10, 49].map(isBuiltInDateFormat)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false
    ]);
  });

  it("recognises custom date codes but not numbers whose quoted text has date letters", () => {
    const codes: [string, boolean][] = [
      ["yyyy-mm-dd", true],
      ['yyyy"年"m"月"d"日";@', true],
      ["[$-804]yyyy/m/d\\ h:mm", true],
      ['上午/下午h"时"mm"分"', true],
      ["General", false],
      ["0.00%", false],
      ["0.00E+00", false],
      ['#,##0.00"元/盒 day"', false],
      ["[Red]#,##0;[Blue]-#,##0", false],
      ["_-* #,##0.00_-", false]
    ];
    expect(codes.map(([code]) => isDateFormatCode(code))).toEqual(codes.map(([, date]) => date));
  });
});

describe("unescapeOoxml", () => {
  it("undoes _xHHHH_ escapes, and only those", () => {
    expect(unescapeOoxml("a_x000D_b")).toBe("a\rb");
    expect(unescapeOoxml("_x005F_x0041_")).toBe("_x0041_");
    expect(unescapeOoxml("_x12_ stays")).toBe("_x12_ stays");
  });
});

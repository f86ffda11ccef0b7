import {describe, expect, it} from "vitest";
import {
  chooseMoneyUnit,
  chooseMoneyUnitFor,
  formatBytes,
  formatDate,
  formatDateTime,
  formatInteger,
  formatMoney,
  formatNumber,
  formatPercent,
  missing,
  moneyIn,
  shiftDecimalLeft,
  toNumber
} from "../../src/components/format.js";

describe("formatMoney", () => {
  it("chooses 元 / 万元 / 亿元 by magnitude", () => {
    expect(formatMoney(12.3)).toBe("12.30 元");
    expect(formatMoney(9999.99)).toBe("9,999.99 元");
    expect(formatMoney(10000)).toBe("1.00 万元");
    expect(formatMoney(56000)).toBe("5.60 万元");
    expect(formatMoney(123456789)).toBe("1.23 亿元");
    expect(formatMoney(-2.5e9)).toBe("-25.00 亿元");
  });

  it("keeps a fixed unit when asked", () => {
    expect(formatMoney(123456789, {unit: "万元"})).toBe("12,345.68 万元");
    expect(formatMoney(5, {unit: "亿元", digits: 4})).toBe("0.0000 亿元");
    expect(formatMoney(123456789, {unit: "元", withUnit: false})).toBe("123,456,789.00");
  });

  it("rounds exact decimal strings half-up to the fen", () => {
    expect(formatMoney("1.005", {unit: "元"})).toBe("1.01 元");
    expect(formatMoney("2.675000", {unit: "元"})).toBe("2.68 元");
    expect(formatMoney("-1.005", {unit: "元"})).toBe("-1.01 元");
    expect(formatMoney("12345678901234.565", {unit: "元"})).toBe("12,345,678,901,234.57 元");
    expect(formatMoney("-0.001", {unit: "元"})).toBe("0.00 元");
  });

  it("shows a dash for missing or non-numeric values", () => {
    expect(formatMoney(null)).toBe(missing);
    expect(formatMoney(undefined)).toBe(missing);
    expect(formatMoney("")).toBe(missing);
    expect(formatMoney("abc")).toBe(missing);
    expect(formatMoney(Number.NaN)).toBe(missing);
  });

  it("accepts bigint", () => {
    expect(formatMoney(250000000n)).toBe("2.50 亿元");
  });
});

describe("money units", () => {
  it("picks one unit for a column from its largest magnitude", () => {
    expect(chooseMoneyUnit(9999)).toBe("元");
    expect(chooseMoneyUnit("-150000")).toBe("万元");
    expect(chooseMoneyUnitFor([12, null, "3.5e0".length, -4.2e8])).toBe("亿元");
    expect(chooseMoneyUnitFor([])).toBe("元");
  });

  it("converts amounts for chart axes", () => {
    expect(moneyIn(123450000, "亿元")).toBeCloseTo(1.2345, 10);
    expect(moneyIn("50000", "万元")).toBe(5);
    expect(moneyIn(null, "元")).toBeNull();
  });
});

describe("numbers and percentages", () => {
  it("groups thousands the zh-CN way", () => {
    expect(formatInteger(1234567)).toBe("1,234,567");
    expect(formatInteger("42")).toBe("42");
    expect(formatNumber(1234.5678, {digits: 2})).toBe("1,234.57");
    expect(formatInteger(null)).toBe(missing);
  });

  it("formats ratios as percentages", () => {
    expect(formatPercent(0.5634)).toBe("56.3%");
    expect(formatPercent("0.912345", {digits: 2})).toBe("91.23%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0.00049, {digits: 1})).toBe("0.0%");
    expect(formatPercent(undefined)).toBe(missing);
  });

  it("parses numbers strictly", () => {
    expect(toNumber("12.50")).toBe(12.5);
    expect(toNumber(".")).toBeNull();
    expect(toNumber("1,000")).toBeNull();
    expect(toNumber(Infinity)).toBeNull();
    expect(toNumber(7n)).toBe(7);
  });

  it("shifts decimal points without losing digits", () => {
    expect(shiftDecimalLeft("123456789", 8)).toBe("1.23456789");
    expect(shiftDecimalLeft("0.05", 2)).toBe("0.0005");
    expect(shiftDecimalLeft("5", -3)).toBe("5000");
    expect(shiftDecimalLeft("-0.5634", -2)).toBe("-56.34");
    expect(() => shiftDecimalLeft("1e5", 1)).toThrow();
  });

  it("formats byte sizes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MB");
  });
});

describe("dates", () => {
  it("writes dates as 2025-03-01", () => {
    expect(formatDate("2025-03-01")).toBe("2025-03-01");
    expect(formatDate("2025-03-01 10:11:12")).toBe("2025-03-01");
    expect(formatDate(new Date(2025, 2, 1, 23, 59))).toBe("2025-03-01");
    expect(formatDate(null)).toBe(missing);
    expect(formatDate("not a date")).toBe(missing);
  });

  it("writes times to the minute", () => {
    expect(formatDateTime("2025-03-01 10:11:12")).toBe("2025-03-01 10:11");
    expect(formatDateTime("2025-03-01T08:05:00.000Z".replace("Z", ""))).toBe("2025-03-01 08:05");
    expect(formatDateTime(new Date(2025, 0, 9, 7, 3))).toBe("2025-01-09 07:03");
    expect(formatDateTime("2025-03-01")).toBe("2025-03-01");
  });
});

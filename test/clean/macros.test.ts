import {DuckDBInstance} from "@duckdb/node-api";
import {beforeAll, describe, expect, it} from "vitest";
import {registerCleaningMacros} from "../../pipelines/clean/macros.js";

let query: (sql: string) => Promise<unknown[]>;

beforeAll(async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  await registerCleaningMacros(conn);
  query = async (sql) => (await conn.runAndReadAll(sql)).getRows().map((r) => r[0]);
});

const cases = (macro: string, pairs: [string | null, string | null][]) =>
  it.each(pairs)(`${macro}(%s) = %s`, async (input, expected) => {
    const literal = input === null ? "null" : `'${input.replaceAll("'", "''")}'`;
    const [value] = await query(`select ${macro}(${literal})::varchar`);
    expect(value).toBe(expected);
  });

describe("jc_text", () => {
  cases("jc_text", [
    ["  阿莫西林  ", "阿莫西林"],
    ["Aspirin\t", "Aspirin"],
    ["rtn", "rtn"],
    ["阿莫西林  胶囊", "阿莫西林 胶囊"],
    ["\t-\n", null],
    ["　阿莫西林\r\n", "阿莫西林"],
    ["-", null],
    ["—", null],
    ["/", null],
    ["无", null],
    ["", null],
    ["ＡＢＣ１２３", "ABC123"]
  ]);
});

describe("jc_decimal", () => {
  cases("jc_decimal", [
    ["1,234.50", "1234.500000"],
    ["¥12.3", "12.300000"],
    ["１２．５", "12.500000"],
    ["1.2万", "12000.000000"],
    ["3元", "3.000000"],
    ["1.5E+3", "1500.000000"],
    ["abc", null],
    ["—", null],
    ["-1,234,567.8元", "-1234567.800000"],
    ["¥12,345", "12345.000000"],
    // A comma that does not group three digits is a decimal comma or a typing slip: no number.
    ["2,50", null],
    ["1.234,50", null],
    ["1.234,567", null],
    ["12,34,567", null],
    ["1,2", null]
  ]);
});

describe("jc_date", () => {
  cases("jc_date", [
    ["45292", "2024-01-01"],
    ["2024年1月5日", "2024-01-05"],
    ["2024.1.5", "2024-01-05"],
    ["2024/01/05", "2024-01-05"],
    ["20240105", "2024-01-05"],
    ["2024-01-05 13:20:00", "2024-01-05"],
    ["2024-02-30", null],
    ["明天", null]
  ]);
});

describe("jc_integer, jc_ratio, jc_boolean", () => {
  cases("jc_integer", [
    ["第1年", "1"],
    ["第二年", "2"],
    ["3.0", "3"],
    ["0.5", null]
  ]);
  cases("jc_ratio", [
    ["56%", "0.560000"],
    ["0.56", "0.560000"],
    ["56", "0.560000"],
    ["156", null]
  ]);
  cases("jc_boolean", [
    ["是", "true"],
    ["否", "false"],
    ["中选", "true"],
    ["未中选", "false"],
    ["也许", null]
  ]);
});

describe("canonical values (on cleaned text)", () => {
  cases("jc_hospital_level", [
    ["三级甲等", "三级"],
    ["二级乙等", "二级"],
    ["未定级", "未定级"]
  ]);
  cases("jc_dosage_form_suffix", [
    ["阿托伐他汀口服常释剂型", "口服常释剂型"],
    ["注射用头孢曲松钠", null]
  ]);
});

import {DuckDBInstance} from "@duckdb/node-api";
import {describe, expect, it} from "vitest";
import {readMacros} from "../../pipelines/models/project.js";

async function evaluate(expressions: string[]): Promise<unknown[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  await conn.run(readMacros());
  const reader = await conn.runAndReadAll(`select ${expressions.map((e, i) => `${e} as c${i}`).join(", ")}`);
  const row = reader.getRowObjectsJson()[0]!;
  conn.closeSync();
  instance.closeSync();
  return expressions.map((_, i) => row[`c${i}`]);
}

describe("model macros", () => {
  it("reads the conversion ratio from pack text", async () => {
    expect(
      await evaluate([
        "jc_pack_count('7片/盒')",
        "jc_pack_count('10支×1盒')",
        "jc_pack_count('12粒×2板/盒')",
        "jc_pack_count('0.25g×24片')",
        "jc_pack_count('10片/盒')",
        "jc_pack_count('瓶')"
      ])
    ).toEqual(["7.000000", "10.000000", "24.000000", "24.000000", "10.000000", null]);
  });

  it("reads strength and fill volume from the spec", async () => {
    expect(
      await evaluate([
        "jc_content('10mg')",
        "jc_content('0.5g')",
        "jc_content('5ml:0.1g')",
        "jc_content_unit('5ml:0.1g')",
        "jc_fill_ml('5ml:0.1g')",
        "jc_content('100万单位')",
        "jc_content_unit('100万单位')",
        "jc_content('20μg')",
        "jc_content('10ml')",
        "jc_fill_ml('100ml')"
      ])
    ).toEqual([10, 500, 100, "mg", 5, 1000000, "IU", 0.02, null, 100]);
  });

  it("computes price-difference coefficients and strength factors", async () => {
    const [k2, k4, kHalf, kNull, factor, mixed] = (await evaluate([
      "jc_difference_k(1.7, 2)",
      "jc_difference_k(1.95, 4)",
      "jc_difference_k(1.7, 0.5)",
      "jc_difference_k(1.7, null)",
      "jc_strength_factor(20, 'mg', 10, 'mg')",
      "jc_strength_factor(20, 'mg', 10, 'IU')"
    ])) as [number, number, number, number, string, string];
    expect(k2).toBeCloseTo(1.7, 12);
    expect(k4).toBeCloseTo(1.95 * 1.95, 12);
    expect(kHalf).toBeCloseTo(1 / 1.7, 12);
    expect(kNull).toBe(1);
    expect([factor, mixed]).toEqual(["2.000000", "1.000000"]);
  });

  it("matches provinces in supply lists and classifies code shapes", async () => {
    expect(
      await evaluate([
        "jc_in_province_list('河北省', '河北、山西,内蒙古')",
        "jc_in_province_list('江川省', '河北、山西')",
        "jc_in_province_list('江川省', '全国')",
        "jc_in_province_list('江川省', null)",
        "jc_code_kind('XA10BAE054A001010100001')",
        "jc_code_kind('ZA01AAA0001010101234')",
        "jc_code_kind('C0101010010000012345')",
        "jc_code_kind('X123')"
      ])
    ).toEqual([true, false, true, null, "西药", "中成药", "耗材", "编码格式不符"]);
  });

  it("multiplies and rounds exactly as a 128-bit cast does, on the 64-bit path and off it", async () => {
    const values = [
      "0",
      "0.0000005",
      "-0.0000005",
      "1.9999995",
      "-1.9999995",
      "0.125",
      "-2.5",
      "123456789.123456",
      "0.8",
      "1234.567891",
      "999999999999.999999",
      "-999999999999.999999",
      "1000000000000.5",
      "-31415926535897.932384",
      "0.00000049999999"
    ];
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    await conn.run(readMacros());
    await conn.run(
      `create table v as select cast(x as decimal(38, 14)) as x from (values ${values.map((v) => `('${v}')`).join(", ")}, (null)) t(x)`
    );
    // Six-place values (as every model value is), values with more places, and random amounts × ratios.
    await conn.run(`create table pairs as
      select cast(a.x as decimal(38, 6)) as a, cast(b.x as decimal(18, 6)) as b from v a, v b where b.x is null or abs(b.x) < 1e12
      union all select a.x, cast(b.x as decimal(18, 6)) from v a, v b where abs(a.x) < 1e6 and abs(b.x) < 1e6
      union all select cast(random() * 2e9 - 1e9 as decimal(38, 6)), cast(random() as decimal(9, 6)) from range(20000)`);
    const reader = await conn.runAndReadAll(`select
        count(*) filter (where jc_mul(a, b) is distinct from cast(cast(a as decimal(38, 6)) * b as decimal(38, 6))) as mul_differs,
        count(*) filter (where jc_round2(a * b) is distinct from cast(a * b as decimal(38, 2))) as round2_differs,
        count(*) filter (where jc_round4(a) is distinct from cast(a as decimal(38, 4))) as round4_differs,
        count(*) filter (where jc_fits(a) and jc_fits(b)) as fast,
        count(*) filter (where not (jc_fits(a) and jc_fits(b))) as slow,
        any_value(typeof(jc_mul(a, b))) || ' ' || any_value(typeof(jc_round2(a))) || ' ' || any_value(typeof(jc_round4(a))) as types
      from pairs`);
    const row = reader.getRowObjectsJson()[0]!;
    conn.closeSync();
    instance.closeSync();
    expect(row).toMatchObject({
      mul_differs: "0",
      round2_differs: "0",
      round4_differs: "0",
      types: "DECIMAL(38,6) DECIMAL(38,2) DECIMAL(38,4)"
    });
    expect(Number(row.fast)).toBeGreaterThan(20000);
    expect(Number(row.slow)).toBeGreaterThan(40);
  });

  it("trusts a file's conversion ratio only when it is a plausible count, and says why otherwise", async () => {
    expect(
      await evaluate([
        "jc_conversion(7, '14片/盒')",
        "jc_conversion(200, '10片/盒')",
        "jc_conversion(3.5, '12粒×2板/盒')",
        "jc_conversion(999999999999, '9999999999片/盒')",
        "jc_conversion(null, '10片/板、3板/盒×20片/盒')"
      ])
    ).toEqual([
      {ratio: "7.000000", note: null},
      {ratio: "200.000000", note: "文件中的转换比与包装文字中的数量相差超过 10 倍"},
      {ratio: "24.000000", note: "文件中的转换比不是 1–10000 的整数，改用包装文字中的数量"},
      {ratio: null, note: "文件中的转换比不是 1–10000 的整数，包装文字也无法得出转换比"},
      {ratio: null, note: "包装文字中的数量互相矛盾或说不清每个包装单位有多少最小单位，无法得出转换比"}
    ]);
  });

  it("returns NULL instead of an overflow or an implausible factor", async () => {
    expect(
      await evaluate([
        "jc_div(999999999999.999999::decimal(18, 6), 0.000001::decimal(18, 6))",
        "jc_mul(cast(1e30 as decimal(38, 6)), 999999999999.999999::decimal(18, 6))",
        "jc_difference_k(1.95, 5000)",
        "jc_difference_k(1.95, 0.0001)",
        "jc_strength_factor(1000000, 'mg', 0.5, 'mg')",
        "jc_content('A剂:聚乙二醇400013.125g')",
        "jc_fill_ml('99999999L')"
      ])
    ).toEqual([null, null, null, null, null, null, null]);
  });

  it("multiplies money without DECIMAL(18) overflow", async () => {
    expect(
      await evaluate(["jc_mul(1000000::decimal(18, 6), 1.5::decimal(18, 6))", "jc_div(1, 3)", "jc_div(1, 0)"])
    ).toEqual(["1500000.000000", "0.333333", null]);
  });
});

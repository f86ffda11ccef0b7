import {readFileSync} from "node:fs";
import {DuckDBInstance} from "@duckdb/node-api";
import {describe, expect, it} from "vitest";
import {readMacros} from "../../pipelines/models/project.js";
import {sparkMacrosFile} from "../../pipelines/spark/plan.js";

/** Spark's macro bodies, renamed spark_<name> so DuckDB can hold them beside the models' own. */
function sparkMacros(): {sql: string; names: string[]} {
  const text = readFileSync(sparkMacrosFile, "utf8");
  const names = [...text.matchAll(/create or replace macro (\w+)\(/g)].map((m) => m[1]!);
  return {sql: text.replace(/create or replace macro (\w+)\(/g, "create or replace macro spark_$1("), names};
}

async function withMacros<T>(read: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>) {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    await conn.run(readMacros());
    return await read(async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** a / b rounded half away from zero to 6 places, in exact integers: the reference for jc_div. */
function quotient6(a: string, b: string): string {
  const scaled = (x: string) => {
    const [int, frac = ""] = x.replace("-", "").split(".");
    return (x.startsWith("-") ? -1n : 1n) * BigInt(int! + frac.padEnd(6, "0").slice(0, 6));
  };
  const [n, d] = [scaled(a), scaled(b)];
  const sign = n < 0n !== d < 0n ? -1n : 1n;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const q = (2n * abs(n) * 1_000_000n + abs(d)) / (2n * abs(d));
  const digits = q.toString().padStart(7, "0");
  const text = `${digits.slice(0, -6)}.${digits.slice(-6)}`;
  return sign < 0n && q !== 0n ? `-${text}` : text;
}

describe("Spark's bodies of the speed-path macros", () => {
  it("are defined for macros the models have, and give the same values as DuckDB's bodies", async () => {
    const {sql, names} = sparkMacros();
    expect(names).toEqual(expect.arrayContaining(["jc_mul", "jc_round2", "jc_round4", "jc_div"]));
    for (const name of names) expect(readMacros()).toContain(`create or replace macro ${name}(`);
    await withMacros(async (run) => {
      // try_divide is Spark's; every other Spark body runs on DuckDB as written
      await run(sql.replace(/create or replace macro spark_jc_div[\s\S]*?end;/, ""));
      await run(`create table v as select cast(x as decimal(38, 6)) as x from (values ('0'), ('0.0000005'), ('-0.0000005'),
        ('1.9999995'), ('-2.5'), ('0.125'), ('123456789.123456'), ('999999999999.999999'), ('-999999999999.999999'),
        ('1000000000000.5'), ('-31415926535897.932384')) t(x)`);
      await run(`create table pairs as select a.x as a, cast(b.x as decimal(18, 6)) as b from v a, v b where abs(b.x) < 1e12
        union all select cast(random() * 2e9 - 1e9 as decimal(38, 6)), cast(random() as decimal(9, 6)) from range(20000)`);
      const [differs] = await run(`select
          count(*) filter (where jc_mul(a, b) is distinct from spark_jc_mul(a, b)) as mul,
          count(*) filter (where jc_round2(a * b) is distinct from spark_jc_round2(a * b)) as round2,
          count(*) filter (where jc_round4(a) is distinct from spark_jc_round4(a)) as round4,
          count(*) as pairs
        from pairs`);
      expect(differs).toEqual({mul: "0", round2: "0", round4: "0", pairs: expect.any(String)});
      expect(Number(differs!.pairs)).toBeGreaterThan(20000);
    });
  });

  it("jc_div divides decimals exactly, rounding half away from zero, as Spark's decimal division does", async () => {
    const pairs: [string, string][] = [
      ["1", "3"],
      ["2", "3"],
      ["-2", "3"],
      ["1.000001", "2"],
      ["-1.000001", "2"],
      ["0.000005", "10"],
      ["0.000001", "2"],
      ["12.345678", "0.000007"],
      ["999999.999999", "0.000001"],
      ["123456.654321", "-7.5"],
      ["7", "0.5"]
    ];
    await withMacros(async (run) => {
      const rows = await run(
        `select ${pairs.map(([a, b], i) => `jc_div(${a}::decimal(38, 6), ${b}::decimal(38, 6))::varchar as q${i}`).join(", ")}, jc_div(1, 0) as zero, typeof(jc_div(1, 3)) as type`
      );
      expect(pairs.map((_, i) => rows[0]![`q${i}`])).toEqual(pairs.map(([a, b]) => quotient6(a, b)));
      expect(rows[0]!.zero).toBeNull();
      expect(rows[0]!.type).toBe("DECIMAL(18,6)");
    });
  });
});

import {spawnSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {DuckDBInstance} from "@duckdb/node-api";
import {beforeAll, describe, expect, it} from "vitest";
import {registerCleaningMacros} from "../../pipelines/clean/macros.js";
import {modelsProject, readMacros} from "../../pipelines/models/project.js";
import {requireJava, requireVenv} from "../../pipelines/python/venv.js";
import {sparkMacrosFile, transpileScript} from "../../pipelines/spark/plan.js";

// The pack and spec parsers of macros.sql (lambdas, structs, list_reduce, negative and sliced list indexes,
// struct-returning regexp_extract) translated to Spark and run there on every real fixture text, against
// DuckDB's values for the same texts. A file's own conversion ratio is tried as absent, as the pack's count,
// as a fraction and as a count 10× off, so every branch of jc_conversion is met.
const fixtures = fileURLToPath(new URL("../fixtures/real-texts/", import.meta.url));
const fixture = (name: string) => `read_csv('${fixtures}${name}', header = true, all_varchar = true, quote = '"')`;

const parsed = `
  select id,
    cast(jc_conversion(try_cast(ratio as decimal(18, 6)), pack).ratio as varchar) as ratio,
    jc_conversion(try_cast(ratio as decimal(18, 6)), pack).note as ratio_note,
    cast(jc_pack_count(pack) as varchar) as pack_count,
    jc_pack_parse(pack).note as pack_note,
    jc_content_parse(spec).amount as content,
    jc_content_parse(spec).unit as content_unit,
    jc_content_parse(spec).note as content_note,
    jc_fill_parse(spec).ml as fill_ml,
    jc_fill_parse(spec).note as fill_note
  from texts`;

type Row = Record<string, unknown>;
let texts: {id: string; pack: string | null; ratio: string | null; spec: string | null}[];
let duckdb: Row[];

const byId = (rows: Row[]) => [...rows].sort((a, b) => Number(a.id) - Number(b.id));
/** Numbers as numbers (DuckDB's JSON rows give doubles as numbers, Spark's too; NULL stays null). */
const normal = (rows: Row[]) =>
  byId(rows).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === "id" ? Number(v) : v])));

beforeAll(async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    await registerCleaningMacros(conn);
    await conn.run(readMacros());
    // the texts as the warehouse holds them (cleaned by the loader's jc_text)
    await conn.run(`
      create temp table texts as
      with packs as (select jc_text(pack) as pack, count from ${fixture("pack-counts.csv")}),
      tried as (
        select pack, ratio from packs
        cross join lateral (select unnest([null, count, '0.5', cast(try_cast(count as integer) * 11 as varchar)]) as ratio)
        union all
        select null, null
      ),
      specs as (select jc_text(spec) as spec from ${fixture("spec-strengths.csv")}),
      rows as (
        select pack, ratio, null as spec from tried
        union all
        select null, null, spec from specs
      )
      select cast(row_number() over (order by pack, ratio, spec) as varchar) as id, pack, ratio, spec from rows`);
    texts = (await conn.runAndReadAll("select * from texts")).getRowObjectsJson() as typeof texts;
    duckdb = (await conn.runAndReadAll(parsed)).getRowObjectsJson() as Row[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});

describe("the text parsers on Spark", () => {
  it("give DuckDB's count, strength, volume and reason for every real fixture text", () => {
    requireJava();
    const python = requireVenv();
    const translation = spawnSync(python, [transpileScript], {
      input: JSON.stringify({
        macros: [modelsProject.macrosSql(), readFileSync(sparkMacrosFile, "utf8")],
        models: [{name: "parsers", sql: parsed}]
      }),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024
    });
    expect(translation.status, translation.stderr).toBe(0);
    const sql = (JSON.parse(translation.stdout) as {models: {spark_sql: string}[]}).models[0]!.spark_sql;
    const spark = spawnSync(python, [fileURLToPath(new URL("./spark_sql.py", import.meta.url))], {
      input: JSON.stringify({
        columns: ["id", "pack", "ratio", "spec"],
        rows: texts.map((t) => [t.id, t.pack, t.ratio, t.spec]),
        sql
      }),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: 900_000
    });
    expect(spark.status, spark.stderr.split("\n").slice(-30).join("\n")).toBe(0);
    const sparkRows = JSON.parse(spark.stdout) as Row[];
    expect(sparkRows.length).toBe(texts.length);
    expect(normal(sparkRows)).toEqual(normal(duckdb));
    // the comparison covers counted texts, unreadable ones, strengths in mg and IU, and volumes
    expect(duckdb.filter((r) => r.pack_count !== null).length).toBeGreaterThan(100);
    expect(duckdb.filter((r) => r.ratio_note !== null).length).toBeGreaterThan(100);
    expect(new Set(duckdb.map((r) => r.content_unit))).toEqual(new Set([null, "mg", "IU"]));
    expect(duckdb.filter((r) => r.fill_ml !== null).length).toBeGreaterThan(10);
  }, 1_000_000);
});

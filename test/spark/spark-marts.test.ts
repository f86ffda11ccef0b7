import {join} from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {beforeAll, describe, expect, test} from "vitest";
import {attachLake} from "../../pipelines/lake/attach.js";
import {readLakeManifest, verifyLake, type LakeManifest} from "../../pipelines/lake/manifest.js";
import {marts} from "../../pipelines/models/marts.js";
import {requireJava} from "../../pipelines/python/venv.js";
import {jicai} from "../helpers/cli.js";
import {tempDir} from "../helpers/temp.js";
import {fingerprint} from "../lake/mart-fingerprint.js";

const dir = tempDir("jicai-spark-");
const lake = join(dir, "lake");
const out = join(dir, "spark-marts");
let lakeManifest: LakeManifest;
let sparkManifest: LakeManifest;
let summary: {models: {name: string}[]; marts: {name: string; rows: number}[]; master: string};

/** The lake's marts (computed by DuckDB) as schema duck, Spark's as schema spark, in one in-memory DuckDB. */
async function bothMarts<T>(read: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    for (const [schema, folder] of [
      ["duck", lake],
      ["spark", out]
    ]) {
      await conn.run(`create schema ${schema}; use ${schema}`);
      await attachLake(conn, folder!, {layers: ["marts"]});
    }
    await conn.run("use memory.main");
    return await read(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

beforeAll(() => {
  // Spark needs Java: a machine without it fails here with the reason, never skips
  requireJava();
  for (const args of [
    ["sample", "--scale", "0.05", "--out", join(dir, "inbox")],
    ["load", join(dir, "inbox"), "--db", join(dir, "warehouse.duckdb")],
    ["export-lake", "--out", lake, "--db", join(dir, "warehouse.duckdb")],
    // two executor processes beside the driver: every shuffle crosses a process boundary
    ["spark-marts", "--lake", lake, "--out", out, "--master", "local-cluster[2,1,1024]", "--json"]
  ]) {
    // Spark gets 40 minutes: a few on a machine of its own, more on one shared with other test files
    const run = jicai(args, {}, 2_400_000);
    expect(run.status, `jicai ${args[0]}: ${run.stderr}`).toBe(0);
    if (args[0] === "spark-marts") summary = JSON.parse(run.stdout);
  }
  lakeManifest = readLakeManifest(lake);
  sparkManifest = readLakeManifest(out);
}, 2_700_000);

describe("jicai spark-marts on a local Spark cluster", () => {
  test("runs every model and writes every mart of the lake, with a manifest whose files match", async () => {
    expect(summary.master).toBe("local-cluster[2,1,1024]");
    const lakeMarts = lakeManifest.tables.filter((t) => t.layer === "marts");
    // every mart table the models build is in the lake but data_quality_notes (it describes loads), and Spark
    // computes each of them
    const martTables = marts.filter((m) => m.materialized === "table").map((m) => m.name);
    expect(lakeMarts.map((t) => t.name).sort()).toEqual(martTables.filter((n) => n !== "data_quality_notes").sort());
    expect(lakeMarts.map((t) => t.name)).toEqual(expect.arrayContaining(["alerts", "price_risk", "enterprise_record"]));
    expect(summary.models.map((m) => m.name)).toEqual(expect.arrayContaining(lakeMarts.map((t) => t.name)));
    expect(sparkManifest.tables.map((t) => t.name).sort()).toEqual(lakeMarts.map((t) => t.name).sort());
    expect(sparkManifest.spark_version).toMatch(/^4\./);
    expect(await verifyLake(out, sparkManifest)).toEqual([]);
    for (const mart of lakeMarts) {
      const written = sparkManifest.tables.find((t) => t.name === mart.name)!;
      expect(written.columns, mart.name).toEqual(mart.columns);
      expect(written.rows, mart.name).toBe(mart.rows);
    }
    expect(summary.models.map((m) => m.name)).toEqual(expect.arrayContaining(["stg_orders", "int_order_months"]));
  });

  test("every mart equals DuckDB's: row counts, exact sums, distinct keys and every row to the fen", async () => {
    await bothMarts(async (conn) => {
      let rowsCompared = 0;
      for (const mart of lakeManifest.tables.filter((t) => t.layer === "marts")) {
        const duck = await fingerprint(conn, `duck.${mart.name}`);
        expect(Number(duck["(rows)"]), mart.name).toBeGreaterThan(0);
        expect(await fingerprint(conn, `spark.${mart.name}`), mart.name).toEqual(duck);
        // Row by row, as multisets: decimals (money, quantities, ratios) exactly, doubles to 9 places
        const columns = mart.columns
          .map((c) => (c.type === "DOUBLE" ? `round("${c.name}", 9) as "${c.name}"` : `"${c.name}"`))
          .join(", ");
        const only = async (a: string, b: string) =>
          (
            await conn.runAndReadAll(
              `select count(*)::integer as n from (select ${columns} from ${a}.${mart.name} except all select ${columns} from ${b}.${mart.name})`
            )
          ).getRowObjectsJS()[0]!.n;
        expect(await only("duck", "spark"), `${mart.name}: rows only DuckDB has`).toBe(0);
        expect(await only("spark", "duck"), `${mart.name}: rows only Spark has`).toBe(0);
        rowsCompared += Number(duck["(rows)"]);
      }
      expect(rowsCompared).toBeGreaterThan(13000);
    });
  });

  test("a missing lake and a missing Java are refused in one Chinese line", () => {
    const noLake = jicai(["spark-marts", "--lake", join(dir, "nowhere"), "--out", join(dir, "x")]);
    expect(noLake.status).toBe(1);
    expect(noLake.stderr.trim()).toMatch(/^jicai spark-marts: .*不是数据湖：缺少 manifest\.json$/);
    const noJava = jicai(["spark-marts", "--lake", lake, "--out", join(dir, "y")], {PATH: "/nonexistent"});
    expect(noJava.status).toBe(1);
    expect(noJava.stderr.trim().split("\n")).toEqual([expect.stringContaining("未找到 Java")]);
  });
});

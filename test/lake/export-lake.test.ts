import {appendFileSync, cpSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {beforeAll, describe, expect, test} from "vitest";
import {attachLake} from "../../pipelines/lake/attach.js";
import {readLakeManifest, verifyLake, type LakeManifest} from "../../pipelines/lake/manifest.js";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {openWarehouse, type Warehouse} from "../../pipelines/warehouse/open.js";
import {sqlString} from "../../pipelines/warehouse/sql.js";
import {jicai} from "../helpers/cli.js";
import {tempDir} from "../helpers/temp.js";
import {fingerprint} from "./mart-fingerprint.js";

const dir = tempDir("jicai-lake-");
const inbox = join(dir, "inbox");
const db = join(dir, "warehouse.duckdb");
const lake = join(dir, "lake");
let manifest: LakeManifest;

async function withWarehouse<T>(read: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse(db, {readOnly: true});
  try {
    return await read(warehouse);
  } finally {
    warehouse.close();
  }
}

async function inMemory() {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  return {conn, close: () => (conn.closeSync(), instance.closeSync())};
}

beforeAll(() => {
  for (const args of [
    ["sample", "--scale", "0.05", "--out", inbox],
    ["load", inbox, "--db", db],
    ["export-lake", "--out", lake, "--db", db]
  ]) {
    const run = jicai(args);
    expect(run.status, `jicai ${args[0]}: ${run.stderr}`).toBe(0);
  }
  manifest = readLakeManifest(lake);
});

describe("jicai export-lake", () => {
  test("holds every raw table and mart with the warehouse's row counts, and every file matches its checksum", async () => {
    expect(await verifyLake(lake, manifest)).toEqual([]);
    const names = manifest.tables.map((t) => t.name);
    await withWarehouse(async (w) => {
      const tables = (
        await w.conn.runAndReadAll(
          "select table_name from duckdb_tables() where schema_name = 'main' and (table_name like 'raw\\_%' escape '\\' or table_name in ('savings', 'listing_compliance', 'batch_summary'))"
        )
      )
        .getRowObjectsJS()
        .map((r) => String(r.table_name));
      expect(tables.length).toBeGreaterThan(8);
      for (const table of tables) {
        expect(names, table).toContain(table);
        const [{n}] = (await w.conn.runAndReadAll(`select count(*)::integer as n from ${table}`)).getRowObjectsJS() as [
          {n: number}
        ];
        expect(manifest.tables.find((t) => t.name === table)!.rows, table).toBe(n);
      }
    });
    const orders = manifest.tables.find((t) => t.name === "raw_orders")!;
    expect(orders.rows).toBeGreaterThan(5000);
    expect(orders.partitioned_by.map((p) => p.name)).toEqual(["year", "month"]);
    expect(orders.columns.map((c) => c.name)).not.toContain("year");
  });

  test("orders sit in the year=/month= folder of their order date, listings in their province's code", async () => {
    const {conn, close} = await inMemory();
    try {
      const orders = manifest.tables.find((t) => t.name === "raw_orders")!;
      expect(orders.files.length).toBeGreaterThan(6);
      for (const file of orders.files) {
        const [, year, month] = /^raw\/raw_orders\/year=(\d{4})\/month=(\d{1,2})\/[^/]+\.parquet$/.exec(file.path)!;
        const months = (
          await conn.runAndReadAll(
            `select distinct year(order_date)::integer as y, month(order_date)::integer as m from read_parquet(${sqlString(join(lake, file.path))})`
          )
        ).getRowObjectsJS();
        expect(months, file.path).toEqual([{y: Number(year), m: Number(month)}]);
      }
      const listings = manifest.tables.find((t) => t.name === "raw_listing_prices")!;
      const hebei = listings.files.find((f) => f.path.includes("/province_code=13/"))!;
      const provinces = (
        await conn.runAndReadAll(
          `select distinct province from read_parquet(${sqlString(join(lake, hebei.path))}) order by 1`
        )
      )
        .getRowObjectsJS()
        .map((r) => r.province);
      expect(provinces.length).toBeGreaterThan(0);
      for (const p of provinces) expect(String(p)).toMatch(/^河北/);
      // The sample's fictional home province has no GB/T 2260 code: Hive's default (NULL) partition.
      expect(listings.files.some((f) => f.path.includes("/province_code=__HIVE_DEFAULT_PARTITION__/"))).toBe(true);
    } finally {
      close();
    }
  });

  test("the marts rebuilt in a fresh DuckDB from the lake's raw tables equal the warehouse's and the exported ones", async () => {
    const marts = manifest.tables.filter((t) => t.layer === "marts");
    expect(marts.map((m) => m.name)).toEqual(
      expect.arrayContaining(["savings", "listing_compliance", "volume_progress", "retention_statement"])
    );
    const expected = await withWarehouse(async (w) => {
      const prints: Record<string, Record<string, string>> = {};
      for (const mart of marts) prints[mart.name] = await fingerprint(w.conn, mart.name);
      return prints;
    });
    const {conn, close} = await inMemory();
    try {
      await attachLake(conn, lake);
      const result = await refreshModels(conn);
      expect(result.models.length).toBeGreaterThan(marts.length);
      for (const mart of marts) {
        expect(Number(expected[mart.name]!["(rows)"]), mart.name).toBeGreaterThan(0);
        expect(await fingerprint(conn, mart.name), mart.name).toEqual(expected[mart.name]);
        const exported = `read_parquet(${sqlString(join(lake, mart.files[0]!.path))})`;
        expect(await fingerprint(conn, exported), `${mart.name}.parquet`).toEqual(expected[mart.name]);
      }
    } finally {
      close();
    }
  });

  test("a changed file, a missing file and a manifest whose counts do not add up are refused", async () => {
    const copy = join(dir, "lake-copy");
    cpSync(lake, copy, {recursive: true});
    const orders = manifest.tables.find((t) => t.name === "raw_orders")!;
    appendFileSync(join(copy, orders.files[0]!.path), "x");
    expect(await verifyLake(copy, readLakeManifest(copy))).toEqual([
      `${orders.files[0]!.path}：内容与清单中的 sha256 不符`
    ]);

    const json = JSON.parse(readFileSync(join(copy, "manifest.json"), "utf8"));
    json.tables[0].rows += 1;
    writeFileSync(join(copy, "manifest.json"), JSON.stringify(json));
    expect(() => readLakeManifest(copy)).toThrow(/tables\.0.*rows/);
  });

  test("refuses to write into a folder that is not a lake, and replaces a lake only with --overwrite", () => {
    const again = jicai(["export-lake", "--out", lake, "--db", db]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("--overwrite");
    const other = join(dir, "inbox");
    const refused = jicai(["export-lake", "--out", other, "--db", db, "--overwrite"]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("不是数据湖");
    const replaced = jicai(["export-lake", "--out", lake, "--db", db, "--overwrite", "--json"]);
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(JSON.parse(replaced.stdout).tables.length).toBe(manifest.tables.length);
  });
});

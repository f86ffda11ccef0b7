import {copyFileSync} from "node:fs";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {beforeAll, describe, expect, it} from "vitest";
import {openWarehouse} from "../../pipelines/warehouse/open.js";
import {jicai} from "../helpers/cli.js";
import {expectCleanMessage} from "../helpers/messages.js";
import {writeOrdersCsv} from "../helpers/orders-csv.js";
import {tempDir} from "../helpers/temp.js";
import {warehouseState} from "../helpers/warehouse-state.js";

/**
 * Defence in depth for loads (pipelines/warehouse/interrupted-loads.ts): rows and rejects whose load_id has no
 * `loaded` load_log row are what a load killed during its commit left behind under DuckDB's WAL replay (issue 18:
 * a 1.2 M-line file's rows stayed without their load_log row, the marts counted them, and the file could never
 * be loaded again). Opening the warehouse for writing removes them in one transaction and says so; the file then
 * loads as if the interrupted load had never been.
 */

describe("rows left by a load whose commit was cut short", () => {
  const dir = tempDir("jicai-orphans-");
  const fileA = join(dir, "a.csv");
  const fileB = join(dir, "b.csv");
  const clean = join(dir, "clean.duckdb");
  const leftOver = join(dir, "left-over.duckdb");

  beforeAll(async () => {
    await writeOrdersCsv(fileA, 4_000, "OA");
    await writeOrdersCsv(fileB, 3_000, "OB");
    expect(jicai(["load", fileA, "--db", clean, "--json"]).status).toBe(0);
    copyFileSync(clean, leftOver);
    // What the interrupted load of b.csv left: its rows under load_id 2 and a rejected cell, no load_log row.
    const instance = await DuckDBInstance.create(leftOver);
    const conn = await instance.connect();
    await conn.run(
      `insert into raw_orders select * replace (2 as load_id, '${fileB}' as source_file, 'OB' || order_id as order_id)
       from raw_orders`
    );
    await conn.run(`insert into rejects values (2, '${fileB}', null, 997, 'quantity', '若干', '不是有效的数字')`);
    conn.closeSync();
    instance.closeSync();
    expect(jicai(["load", fileB, "--db", clean, "--json"]).status).toBe(0);
  });

  it("are removed when the warehouse is opened for writing, with one Chinese line naming the file", async () => {
    const db = join(dir, "opened.duckdb");
    copyFileSync(leftOver, db);
    const notices: string[] = [];
    (await openWarehouse(db, {onNotice: (m) => notices.push(m)})).close();
    expect(notices).toHaveLength(1);
    expectCleanMessage(notices[0]);
    expect(notices[0]).toMatch(/^发现上次被中断的载入留下的 3996 行数据和 1 条拒绝记录（b\.csv）/);
    const state = await warehouseState(db);
    const before = await warehouseState(leftOver);
    expect(state.counts.raw_orders).toBe(before.counts.raw_orders - 3_996);
    expect(state.counts.rejects).toBe(before.counts.rejects - 1);
    // Nothing else was touched: a second open finds nothing to say.
    const again: string[] = [];
    (await openWarehouse(db, {onNotice: (m) => again.push(m)})).close();
    expect(again).toEqual([]);
  });

  it("let the file load again as if the interrupted load had never been, marts included", async () => {
    const db = join(dir, "reloaded.duckdb");
    copyFileSync(leftOver, db);
    const run = jicai(["load", fileB, "--db", db, "--json"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/发现上次被中断的载入留下的/);
    expect(JSON.parse(run.stdout)).toMatchObject({status: "loaded", load_id: 2, rows_read: 3_000, rows_rejected: 3});
    const [state, reference] = [await warehouseState(db), await warehouseState(clean)];
    expect(state.counts).toEqual(reference.counts);
    expect(state.checksums).toEqual(reference.checksums);
    expect(state.marts).toEqual(reference.marts);
  });
});

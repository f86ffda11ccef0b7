// The data loaders of src/data, run as Framework runs them (tsx, cwd = project root, stdout = the file),
// against a small warehouse written with SQL.
import {execFile} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {delimiter, join, resolve} from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {sourceKinds} from "../../pipelines/sources/index.js";
import {createFixtureWarehouse, hostileValue} from "./fixture-warehouse.js";

const run = promisify(execFile);
const projectRoot = resolve(import.meta.dirname, "../..");
const temp = mkdtempSync(join(tmpdir(), "jicai-loaders-"));
const dbPath = join(temp, "warehouse.duckdb");

async function runLoader(name: string, db = dbPath): Promise<any> {
  const {stdout} = await run("tsx", [join("src/data", name)], {
    cwd: projectRoot,
    env: {
      ...process.env,
      JICAI_DB: db,
      PATH: [join(projectRoot, "node_modules/.bin"), process.env.PATH].join(delimiter)
    }
  });
  return JSON.parse(stdout);
}

let quality: any;
beforeAll(async () => {
  await createFixtureWarehouse(dbPath);
  quality = await runLoader("quality.json.ts");
});
afterAll(() => rmSync(temp, {recursive: true, force: true}));

describe("load-summary.json", () => {
  it("totals the load log and counts current staging rows per source", async () => {
    const summary = await runLoader("load-summary.json.ts");
    expect(summary.totals).toEqual({
      files: 5,
      loads: 5,
      rows_read: 19,
      rows_loaded: 15,
      rows_rejected: 4,
      rows_replaced: 2,
      failed_loads: 1,
      last_load_at: "2025-03-02 10:05:00"
    });
    const orders = summary.bySource.find((s: {source: string}) => s.source === "orders");
    expect(orders).toMatchObject({
      label: "平台采购明细",
      files: 2,
      loads: 2,
      rows_loaded: 6,
      rows_rejected: 3,
      rows_current: 4
    });
    expect(summary.bySource.map((s: {source: string}) => s.source).sort()).toEqual(sourceKinds.slice().sort());
    expect(typeof summary.totals.rows_loaded).toBe("number");
  });
});

describe("quality.json", () => {
  it("ships every load with Chinese source names, newest first", async () => {
    const {loads} = quality;
    expect(loads.map((l: {load_id: number}) => l.load_id)).toEqual([5, 4, 3, 2, 1]);
    expect(loads[0]).toMatchObject({
      status: "failed",
      source_label: "未识别",
      message: "说明.xlsx [Sheet1]：无法识别数据来源"
    });
  });

  it("groups rejects by reason, folding row numbers out of duplicate-key reasons", async () => {
    const {rejects} = quality;
    expect(rejects.totals).toEqual({cells: 5, rows: 4, files: 2});
    const price = rejects.byReason.find((r: {column_name: string}) => r.column_name === "unit_price");
    expect(price).toMatchObject({
      reason: "无法识别为数字",
      cells: 2,
      rows: 2,
      files: 1,
      source_label: "平台采购明细",
      column_label: "采购价格"
    });
    expect(rejects.byReason.map((r: {reason: string}) => r.reason)).toContain(
      "与其他行的主键（order_id、line_no）重复"
    );
    expect(rejects.sample).toHaveLength(5);
    expect(rejects.sample.map((r: {value: string}) => r.value)).toContain(hostileValue);
  });

  it("reports no check results before jicai check has run", async () => {
    expect(quality.checks).toBeNull();
  });

  it("refuses a warehouse that does not exist, saying what to do", async () => {
    await expect(runLoader("quality.json.ts", join(temp, "missing.duckdb"))).rejects.toThrow(/jicai load/);
  });
});

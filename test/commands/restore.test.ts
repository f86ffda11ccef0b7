import {copyFileSync, existsSync, mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {jicai} from "../helpers/cli.js";
import {writeOrdersCsv} from "../helpers/orders-csv.js";
import {tempDir} from "../helpers/temp.js";
import {warehouseState, type WarehouseState} from "../helpers/warehouse-state.js";

/** The two backups docs/operations.md describes: a file copy, and jicai backup restored by jicai restore. */
describe("backups and jicai restore", () => {
  const dir = tempDir("jicai-restore-");
  const db = join(dir, "warehouse.duckdb");
  const backup = join(dir, "backup-2025-03-01");
  let original: WarehouseState;

  beforeAll(async () => {
    await writeOrdersCsv(join(dir, "orders.csv"), 3_000, "BK");
    writeFileSync(
      join(dir, "hospitals.csv"),
      "医疗机构编码,机构名称,等级,医保实际支付比例\r\nH001,华阳市第一人民医院,三级甲等,70%\r\nH002,坏数据医院,三级,七成\r\n"
    );
    const load = jicai(["load", join(dir, "orders.csv"), join(dir, "hospitals.csv"), "--db", db, "--json"]);
    expect(load.status, load.stderr).toBe(0);
    original = await warehouseState(db);
    expect(original.counts).toMatchObject({raw_orders: 3_000 - 3, raw_hospitals: 1, load_log: 2, rejects: 4});
  });

  it("a copy of the closed file is the same warehouse", async () => {
    expect(existsSync(`${db}.wal`)).toBe(false);
    const copy = join(dir, "copy.duckdb");
    copyFileSync(db, copy);
    expect(await warehouseState(copy)).toEqual(original);
  });

  it("jicai backup, then jicai restore, gives the same rows, load log and marts", async () => {
    const exported = jicai(["backup", "--out", backup, "--db", db]);
    expect(exported.status, exported.stderr).toBe(0);
    const restoredDb = join(dir, "restored.duckdb");
    const restore = jicai(["restore", backup, "--db", restoredDb]);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stderr).toMatch(/已从 .+ 恢复 \d+ 张表/);
    expect(await warehouseState(restoredDb)).toEqual(original);

    // Loading goes on where the backup left off: new load ids, nothing refreshed twice.
    await writeOrdersCsv(join(dir, "more.csv"), 100, "MORE");
    const next = jicai(["load", join(dir, "more.csv"), join(dir, "orders.csv"), "--db", restoredDb, "--json"]);
    expect(next.status, next.stderr).toBe(0);
    expect(
      next.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l))
        .map((r) => [r.status, r.load_id])
    ).toEqual([
      ["loaded", 3],
      ["unchanged", 1]
    ]);
  });

  it("refuses to overwrite a warehouse or to restore from a folder that is not an export", () => {
    const overwrite = jicai(["restore", backup, "--db", db]);
    expect(overwrite.status).toBe(1);
    expect(overwrite.stderr.trim()).toMatch(/^jicai restore: .+已存在：恢复只创建新的数据仓库/);
    const notBackup = join(dir, "not-a-backup");
    mkdirSync(notBackup);
    const wrong = jicai(["restore", notBackup, "--db", join(dir, "never.duckdb")]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(
      "不是 EXPORT DATABASE 导出的备份目录（缺少 schema.sql、load_log.parquet、rejects.parquet）"
    );
    expect(existsSync(join(dir, "never.duckdb"))).toBe(false);
  });
});

import {existsSync, readdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {lockToWarehouseTables, runReadOnly} from "../../pipelines/commands/query.js";
import {sha256File} from "../../pipelines/load/file-hash.js";
import {openWarehouse, type Warehouse} from "../../pipelines/warehouse/open.js";
import {jicai} from "../helpers/cli.js";
import {expectCleanMessage} from "../helpers/messages.js";
import {tempDir} from "../helpers/temp.js";

/** `jicai query` reads the warehouse's tables and nothing else: no file is written or read anywhere. */
describe("jicai query touches nothing but the warehouse's tables", () => {
  const dir = tempDir("jicai-query-");
  const db = join(dir, "warehouse.duckdb");
  const secret = join(dir, "secret.csv");
  let digest: string;
  let warehouse: Warehouse;

  beforeAll(async () => {
    writeFileSync(join(dir, "hospitals.csv"), "医疗机构编码,机构名称,医保实际支付比例\nH001,华阳市第一人民医院,70%\n");
    writeFileSync(secret, "password\nhunter2\n");
    const load = jicai(["load", join(dir, "hospitals.csv"), "--db", db]);
    expect(load.status, load.stderr).toBe(0);
    digest = await sha256File(db);
    warehouse = await openWarehouse(db, {readOnly: true});
    await lockToWarehouseTables(warehouse.conn);
  });
  afterAll(() => warehouse.close());

  /** The one Chinese line the CLI prints for a refused statement. */
  const refused = async (sql: string) => {
    const error = await runReadOnly(warehouse.conn, sql).then(
      () => null,
      (e: Error) => e.message
    );
    expect(error, sql).not.toBeNull();
    expectCleanMessage(error!, sql);
    return error!;
  };

  it("refuses to write the warehouse file, a .wal beside it or any other path", async () => {
    for (const target of [db, `${db}.wal`, `${db}.tmp/x`, join(dir, "page.md")]) {
      expect(await refused(`copy (select 'x') to '${target}'`)).toContain("查询只读");
      expect(await refused(`copy raw_hospitals to '${target}' (format parquet)`)).toContain("查询只读");
    }
    expect(await refused(`export database '${join(dir, "export")}'`)).toContain("查询只读");
    expect(await refused("select 1; copy (select 1) to 'x.csv'")).toContain("查询只读");
  });

  it("refuses to read files outside the warehouse or to attach another database", async () => {
    for (const sql of [
      `select * from read_csv('${secret}')`,
      `select * from read_text('${secret}')`,
      `select * from glob('${dir}/*')`,
      `call read_csv('${secret}')`,
      `attach '${join(dir, "other.duckdb")}' as other`,
      "install httpfs"
    ]) {
      expect(await refused(sql)).toContain("查询只读");
    }
  });

  it("refuses to change data or settings", async () => {
    for (const sql of ["delete from raw_hospitals", "set enable_external_access = true", "reset lock_configuration"]) {
      expect(await refused(sql)).toContain("查询只读");
    }
  });

  it("words SQL mistakes in Chinese with the name at fault", async () => {
    expect(await refused("select * from no_such_table")).toContain("没有名为 no_such_table 的表或视图");
    expect(await refused("select no_such_column from raw_hospitals")).toContain("找不到列 no_such_column");
    expect(await refused("selec 1")).toContain("语法错误");
  });

  it("answers reading statements of every kind an analyst uses, with the last one's rows", async () => {
    for (const sql of ["show tables", "describe raw_hospitals", "summarize raw_hospitals", "explain select 1"]) {
      await runReadOnly(warehouse.conn, sql);
    }
    const two = await runReadOnly(warehouse.conn, "select 1 as a; select name from raw_hospitals");
    expect(two.getRowObjectsJS()).toEqual([{name: "华阳市第一人民医院"}]);
  });

  it("through the CLI: one Chinese line, exit 1, and nothing written beside the warehouse", async () => {
    const result = jicai(["query", `copy (select 'x') to '${db}.wal'`, "--db", db]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^jicai query: 查询只读：不能执行 COPY 语句/);
    expect(readdirSync(dir).sort()).toEqual(["hospitals.csv", "secret.csv", "warehouse.duckdb"]);
    expect(existsSync(join(dir, "other.duckdb"))).toBe(false);
    expect(await sha256File(db)).toBe(digest);
    const still = jicai(["query", "select name from raw_hospitals", "--db", db, "--csv"]);
    expect(still.stdout).toBe("name\n华阳市第一人民医院\n");
  });
});

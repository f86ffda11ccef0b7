import {writeFileSync} from "node:fs";
import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import ExcelJS from "exceljs";
import {describe, expect, it} from "vitest";
import {loadFile} from "../../pipelines/load/load-file.js";
import {tempDir} from "../helpers/temp.js";
import {newWarehouse, rows} from "../helpers/warehouse.js";

const dir = tempDir();

/** The warehouse connection, failing the n-th statement that matches `pattern` — a crash mid-load. */
function failingOn(conn: DuckDBConnection, pattern: RegExp, nth = 1): DuckDBConnection {
  let seen = 0;
  return new Proxy(conn, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== "run" || typeof value !== "function")
        return typeof value === "function" ? value.bind(target) : value;
      return async (sql: string, ...rest: unknown[]) => {
        if (pattern.test(sql) && ++seen === nth) throw new Error("simulated failure in the middle of the load");
        return value.call(target, sql, ...rest);
      };
    }
  });
}

async function twoSheetWorkbook(path: string) {
  const workbook = new ExcelJS.Workbook();
  for (const batch of ["第九批国家组织药品集采", "第十批国家组织药品集采"]) {
    const sheet = workbook.addWorksheet(batch);
    sheet.addRow(["医疗机构编码", "通用名", "规格", "约定采购量（万片）"]);
    sheet.addRow(["H001", "阿莫西林胶囊", "0.25g", 1.5]);
    sheet.addRow(["H002", "阿莫西林胶囊", "0.25g", "２"]);
  }
  await workbook.xlsx.writeFile(path);
}

describe("a load that fails part-way", () => {
  it("leaves nothing of the file behind when the second sheet fails after the first was written", async () => {
    const w = await newWarehouse(dir);
    const file = join(dir, "volumes.xlsx");
    await twoSheetWorkbook(file);
    const [failed] = await loadFile(failingOn(w.conn, /^\s*insert into raw_agreed_volumes/, 2), file);
    expect(failed).toMatchObject({status: "failed", message: "simulated failure in the middle of the load"});
    expect(await rows(w, "select count(*)::int n from raw_agreed_volumes")).toEqual([{n: 0}]);
    expect(await rows(w, "select count(*)::int n from rejects")).toEqual([{n: 0}]);
    expect(await rows(w, "select status from load_log")).toEqual([{status: "failed"}]);

    const loaded = await loadFile(w.conn, file);
    expect(loaded.map((r) => [r.sheet, r.status, r.rows_loaded])).toEqual([
      ["第九批国家组织药品集采", "loaded", 2],
      ["第十批国家组织药品集采", "loaded", 2]
    ]);
    expect(
      await rows(w, "select batch, agreed_qty::varchar q from raw_agreed_volumes order by batch, source_row")
    ).toEqual([
      {batch: "第九批国家组织药品集采", q: "15000.000000"},
      {batch: "第九批国家组织药品集采", q: "20000.000000"},
      {batch: "第十批国家组织药品集采", q: "15000.000000"},
      {batch: "第十批国家组织药品集采", q: "20000.000000"}
    ]);
    w.close();
  });

  it("keeps the earlier rows of a key when the corrected file fails after deleting them", async () => {
    const w = await newWarehouse(dir);
    const header = "省份,通用名,剂型,规格,生产企业,挂网价格";
    const v1 = join(dir, "v1.csv");
    const v2 = join(dir, "v2.csv");
    writeFileSync(v1, `${header}\n江川省,阿莫西林胶囊,胶囊剂,0.25g,甲制药,12.00\n`);
    writeFileSync(v2, `${header}\n江川省,阿莫西林胶囊,胶囊剂,0.25g,甲制药,11.00\n`);
    await loadFile(w.conn, v1);
    const [failed] = await loadFile(failingOn(w.conn, /^\s*insert into load_log/), v2);
    expect(failed!.status).toBe("failed");
    expect(await rows(w, "select listed_price::varchar p from raw_listing_prices")).toEqual([{p: "12.000000"}]);
    w.close();
  });
});

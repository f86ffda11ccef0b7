import {writeFileSync} from "node:fs";
import {join} from "node:path";
import ExcelJS from "exceljs";
import {describe, expect, it} from "vitest";
import {loadFile} from "../../pipelines/load/load-file.js";
import {expectCleanMessage} from "../helpers/messages.js";
import {tempDir} from "../helpers/temp.js";
import {newWarehouse, rows} from "../helpers/warehouse.js";

/** What a file does not say about itself — province, batch, category, "same as above" — and sheets that are no table. */

const dir = tempDir();

function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

async function workbook(name: string, sheets: Record<string, (string | number | null)[][]>): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [sheet, data] of Object.entries(sheets)) book.addWorksheet(sheet).addRows(data);
  const path = join(dir, name);
  await book.xlsx.writeFile(path);
  return path;
}

const listing = [
  ["医保编码", "药品名称", "规格", "生产企业", "挂网价格"],
  ["XA01", "阿莫西林胶囊", "0.25g", "甲制药", 9.8],
  ["XA02", "头孢呋辛酯片", "0.25g", "乙制药", 12]
];

describe("context a file does not carry", () => {
  it("fills blank name cells of further-spec rows from the product's first row, and counts them", async () => {
    const w = await newWarehouse(dir);
    const file = csv("nrdl-continuation.csv", [
      "商品名,通用名,规格,医保支付价",
      ",,10mg/片,5",
      "思瑞康,喹硫平缓释片,50mg/片,3.72",
      ",,200mg/片,10.76",
      ",,,199"
    ]);
    const [result] = await loadFile(w.conn, file);
    expect(result).toMatchObject({source: "nrdl", rows_read: 4, rows_loaded: 2, rows_rejected: 2, rows_filled: 1});
    expect(await rows(w, "select source_row, drug_name, standard_unit from raw_nrdl order by source_row")).toEqual([
      {source_row: 3, drug_name: "喹硫平缓释片", standard_unit: "50mg/片"},
      {source_row: 4, drug_name: "喹硫平缓释片", standard_unit: "200mg/片"}
    ]);
    // Before any product, and a row with nothing but a number (a total): not continuations.
    expect(await rows(w, "select source_row, column_name, reason from rejects order by source_row")).toEqual([
      {source_row: 2, column_name: "drug_name", reason: "必填项为空"},
      {source_row: 5, column_name: "drug_name", reason: "必填项为空"}
    ]);
    expect(await rows(w, "select rows_filled, ignored_columns from load_log")).toEqual([
      {rows_filled: 1, ignored_columns: ["商品名"]}
    ]);
    w.close();
  });

  it("takes the batch from a title row above the header, without 中选结果", async () => {
    const w = await newWarehouse(dir);
    const file = csv("batch-title.csv", [
      "第七批国家组织药品集中采购中选结果",
      "品种名,规格,拟中选企业,中选价格",
      "阿莫西林胶囊,0.25g*24粒,甲制药,5.2"
    ]);
    const [result] = await loadFile(w.conn, file);
    expect(result).toMatchObject({source: "batch-results", rows_loaded: 1});
    expect(result!.message).toBe("批次取自第 1 行标题“第七批国家组织药品集中采购”");
    expect(await rows(w, "select batch, generic_name, enterprise from raw_batch_results")).toEqual([
      {batch: "第七批国家组织药品集中采购", generic_name: "阿莫西林", enterprise: "甲制药"}
    ]);
    w.close();
  });

  it("tells the category row by row from the code's shape when nothing else says it", async () => {
    const w = await newWarehouse(dir);
    const file = csv("mixed-codes.csv", [
      "国家医保编码,通用名,挂网价格",
      "C02071001500000089050000222,导管鞘及穿刺套件,172",
      "XJ01FAA051A006030105755,阿奇霉素分散片,5.82",
      "L-0001,未编码产品,3"
    ]);
    const [result] = await loadFile(w.conn, file, {province: "海南省", asOf: "2026-03-01"});
    expect(result!.message).toBe(
      "未含省份列，按 --province 载入为海南省；价格版本自 2026-03-01 起有效（按 --as-of）；品类按“国家医保编码”列的编码逐行判别（耗材/药品）"
    );
    expect(await rows(w, "select province, category from raw_listing_prices order by source_row")).toEqual([
      {province: "海南省", category: "耗材"},
      {province: "海南省", category: "药品"},
      {province: "海南省", category: "药品"}
    ]);
    const [withCategory] = await loadFile(w.conn, csv("forced.csv", ["通用名,挂网价格", "导管,10"]), {
      province: "海南省",
      category: "耗材"
    });
    expect(withCategory!.message).toContain("品类按 --category 为耗材");
    w.close();
  });

  it("keeps a file's own province column and says --province went unused", async () => {
    const w = await newWarehouse(dir);
    const file = csv("with-province.csv", ["省份,通用名,挂网价格", "江川省,阿莫西林胶囊,9.8"]);
    const [result] = await loadFile(w.conn, file, {province: "海南省", asOf: "2026-03-01"});
    expect(result!.message).toBe("文件已有省份列，未使用 --province；价格版本自 2026-03-01 起有效（按 --as-of）");
    expect(await rows(w, "select province from raw_listing_prices")).toEqual([{province: "江川省"}]);
    w.close();
  });

  it("suggests the closest header when a required column is missing", async () => {
    const w = await newWarehouse(dir);
    const file = csv("typo.csv", ["药品名称,目录年份,医保支忖价格", "阿莫西林胶囊,2024,5.2"]);
    const [result] = await loadFile(w.conn, file, {});
    expect(result!.status).toBe("failed");
    expectCleanMessage(result!.message);
    expect(result!.message).toContain(
      "“医保支忖价格”是否就是医保支付标准（payment_standard）？若是，请加 --map '医保支忖价格=payment_standard'"
    );
    const [mapped] = await loadFile(w.conn, file, {mapping: {flags: ["医保支忖价格=payment_standard"]}});
    expect(mapped).toMatchObject({source: "nrdl", rows_loaded: 1, message: "按 --map 指定的列读取"});
    w.close();
  });
});

describe("workbooks as analysts keep them", () => {
  it("skips a sheet that is no table, with its reason; --strict fails the file instead; --sheet picks sheets", async () => {
    const file = await workbook("notes-and-data.xlsx", {
      说明: [["本表为海南省挂网价格"], ["单位：元"]],
      挂网: listing
    });
    const w = await newWarehouse(dir);
    const results = await loadFile(w.conn, file, {province: "海南省"});
    expect(results.map((r) => [r.sheet, r.status, r.rows_loaded])).toEqual([
      ["说明", "skipped", 0],
      ["挂网", "loaded", 2]
    ]);
    expect(results[0]!.message).toMatch(/^工作表“说明”无法识别数据来源：/);
    const w2 = await newWarehouse(dir);
    const [strict] = await loadFile(w2.conn, file, {province: "海南省", strict: true});
    expect(strict).toMatchObject({status: "failed", sheet: "说明"});
    const chosen = await loadFile(w2.conn, file, {province: "海南省", sheets: ["挂网"]});
    expect(chosen.map((r) => [r.sheet, r.status])).toEqual([["挂网", "loaded"]]);
    const w3 = await newWarehouse(dir);
    const [missing] = await loadFile(w3.conn, file, {province: "海南省", sheets: ["价格"]});
    expect(missing!.message).toBe("文件中没有工作表“价格”（有数据的工作表：“说明”、“挂网”），请检查 --sheet");
    w.close();
    w2.close();
    w3.close();
  });

  it("reads the header from the row --header-row names, below the rows searched; a wrong row is refused naming it", async () => {
    const lines = [
      ...Array.from({length: 130}, (_, i) => `说明第 ${i + 1} 行`),
      "订单编号,医疗机构编码,通用名,采购数量,采购价格,订单日期",
      "HR-1,H001,阿莫西林胶囊,10,5.2,2024-03-01",
      "HR-2,H001,头孢呋辛酯片,20,3.1,2024-03-02"
    ];
    const file = csv("header-row-131.csv", lines);
    const w = await newWarehouse(dir);
    const [missed] = await loadFile(w.conn, file);
    expect(missed!.status).toBe("failed");
    expect(missed!.message).toContain("前 100 行中没有可识别的表头");
    expect(missed!.message).toContain("--header-row");
    const [wrong] = await loadFile(w.conn, file, {headerRow: 120});
    expect(wrong!.status).toBe("failed");
    expectCleanMessage(wrong!.message);
    expect(wrong!.message).toContain("第 120 行“说明第 120 行”不是可识别的表头");
    const [outside] = await loadFile(w.conn, file, {headerRow: 500});
    expect(outside!.message).toContain("第 500 行是空行或在表格之外");
    const [loaded] = await loadFile(w.conn, file, {headerRow: 131});
    expect(loaded).toMatchObject({status: "loaded", source: "orders", rows_read: 2, rows_loaded: 2});
    expect(await rows(w, "select source_row, order_id from raw_orders order by source_row")).toEqual([
      {source_row: 132, order_id: "HR-1"},
      {source_row: 133, order_id: "HR-2"}
    ]);
    w.close();
  });

  it("rejects a key repeated on a later sheet of the same file, so reloading the file changes nothing", async () => {
    const file = await workbook("two-copies.xlsx", {
      甲: listing,
      乙: [...listing, ["XA03", "布洛芬缓释胶囊", "0.3g", "丙制药", 8]]
    });
    const w = await newWarehouse(dir);
    const results = await loadFile(w.conn, file, {province: "海南省"});
    expect(results.map((r) => [r.sheet, r.rows_loaded, r.rows_rejected, r.rows_replaced])).toEqual([
      ["甲", 2, 0, 0],
      ["乙", 1, 2, 0]
    ]);
    expect(await rows(w, "select source_row, reason from rejects order by source_row")).toEqual([
      {
        source_row: 2,
        reason:
          "与工作表“甲”的第 2 行重复：省份（整个文件相同）、“药品名称”、“规格”、“生产企业”、“医保编码”、价格生效日期（整个文件相同） 都相同"
      },
      {
        source_row: 3,
        reason:
          "与工作表“甲”的第 3 行重复：省份（整个文件相同）、“药品名称”、“规格”、“生产企业”、“医保编码”、价格生效日期（整个文件相同） 都相同"
      }
    ]);
    const again = await loadFile(w.conn, file, {province: "海南省"});
    expect(again.map((r) => r.status)).toEqual(["unchanged", "unchanged"]);
    w.close();
  });
});

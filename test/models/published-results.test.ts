import {join} from "node:path";
import ExcelJS from "exceljs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadFile} from "../../pipelines/load/load-file.js";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {num, rows, tempWarehouse} from "./warehouse-fixture.js";

/** A result table as bureaus publish it: title and note rows above the header, selected and non-selected bids. */
const bids: [string, string, string, string, number, string, string, number, number][] = [
  // generic, form, spec, pack, conversion, enterprise, 是否中选, ceiling per unit, bid per unit
  ["阿托伐他汀钙", "片剂", "20mg", "7片/盒", 7, "江川制药股份有限公司", "是", 2.9821, 0.1171],
  ["阿托伐他汀钙", "片剂", "20mg", "14片/盒", 14, "华阳医药集团有限公司", "是", 2.9821, 0.1357],
  ["阿托伐他汀钙", "片剂", "20mg", "7片/盒", 7, "青山药业有限公司", "否", 2.9821, 0.8833],
  ["苯磺酸氨氯地平", "片剂", "5mg", "28片/盒", 28, "临江制药有限公司", "是", 0.8845, 0.0338],
  ["苯磺酸氨氯地平", "片剂", "5mg", "14片/盒", 14, "东乡药业股份有限公司", "是", 0.8845, 0.0412],
  ["苯磺酸氨氯地平", "片剂", "5mg", "7片/盒", 7, "安平制药有限公司", "否", 0.8845, 0.2101],
  ["注射用头孢曲松钠", "注射剂", "1g", "10支/盒", 10, "石门生物制药有限公司", "是", 6.27, 1.15],
  ["注射用头孢曲松钠", "注射剂", "1g", "1支/盒", 1, "凤岭药业有限公司", "是", 6.27, 2.48],
  ["注射用头孢曲松钠", "注射剂", "1g", "10支/盒", 10, "南湖药业有限公司", "否", 6.27, 3.05],
  ["奥美拉唑", "肠溶胶囊", "20mg", "14粒/盒", 14, "北塘医药有限公司", "是", 1.6003, 0.1243],
  ["奥美拉唑", "肠溶胶囊", "20mg", "28粒/盒", 28, "柳河药业有限公司", "是", 1.6003, 0.0911]
];

describe("a published batch-results workbook", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;

  beforeAll(async () => {
    fixture = await tempWarehouse();
    const file = join(fixture.dir, "第九批国家组织药品集中采购拟中选结果表.xlsx");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("第九批国家组织药品集采");
    sheet.addRow(["第九批国家组织药品集中采购拟中选结果表"]);
    sheet.mergeCells("A1:J1");
    sheet.addRow(["注：价格单位为元；最高有效申报价与单位价格均按最小制剂单位计。"]);
    sheet.addRow([
      "序号",
      "品种名称",
      "剂型",
      "规格",
      "包装",
      "转换比",
      "企业名称",
      "是否中选",
      "最高有效申报价",
      "单位价格"
    ]);
    bids.forEach((b, i) => sheet.addRow([i + 1, ...b]));
    await workbook.xlsx.writeFile(file);
    const results = await loadFile(fixture.warehouse.conn, file);
    expect(results.map((r) => [r.source, r.rows_loaded, r.rows_rejected])).toEqual([["batch-results", bids.length, 0]]);
    await refreshModels(fixture.warehouse.conn, {asOf: "2025-01-01"});
  });

  afterAll(() => fixture.cleanup());

  it("gives the per-batch price cut of a spreadsheet computation to 0.1 percentage point", async () => {
    // the spreadsheet: AVERAGE over selected rows of 1 − bid / ceiling
    const selected = bids.filter((b) => b[6] === "是");
    const spreadsheet = selected.reduce((sum, b) => sum + (1 - b[8] / b[7]), 0) / selected.length;
    const [summary] = await rows(fixture.warehouse.conn, "select * from batch_summary");
    expect(summary).toMatchObject({
      batch_name: "第九批国家组织药品集采",
      varieties: 4,
      selected_products: 8,
      bid_products: 11
    });
    expect(Math.abs(num(summary!.reduction_ceiling_simple) - spreadsheet)).toBeLessThan(0.001);
    // by variety: the mean of each variety's mean cut
    const varieties = [...new Set(selected.map((b) => b[0]))].map((v) => {
      const items = selected.filter((b) => b[0] === v);
      return items.reduce((sum, b) => sum + (1 - b[8] / b[7]), 0) / items.length;
    });
    const byVariety = varieties.reduce((a, b) => a + b, 0) / varieties.length;
    expect(Math.abs(num(summary!.reduction_ceiling_by_variety) - byVariety)).toBeLessThan(0.001);
  });
});

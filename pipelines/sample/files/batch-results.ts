import {join} from "node:path";
import {day, formatDate} from "../dates.js";
import type {Batch, Bid, BatchVariety} from "../model.js";
import {formatFixed} from "../money.js";
import {closeWorkbook, openWorkbook, writeTitleAndHeader, type CellValue, type Sheet} from "../write/xlsx.js";
import type {FileReport} from "./report.js";

const yuan = (fen: number) => Number(formatFixed(BigInt(fen), 2));
const unitYuan = (tenThousandths: number) => Number(formatFixed(BigInt(tenThousandths), 4));
const byId = (batches: Batch[], id: string) => batches.find((b) => b.spec.id === id)!;
const rows = (batch: Batch) => batch.varieties.flatMap((v) => v.bids.map((bid) => ({variety: v, bid})));
const published = (batch: Batch) => formatDate(day(batch.spec.bidDate) + 1, "chinese");

/** Result tables as bureaus receive them: one layout per workbook, each with its own quirks. */
export async function writeBatchResults(dir: string, batches: Batch[]): Promise<FileReport[]> {
  return [
    await singleHeaderWithLineBreaks(dir, byId(batches, "GJ-YP-09")),
    await parentChildHeader(dir, byId(batches, "GJ-YP-10")),
    await shortlistTable(dir, byId(batches, "GJ-YP-11")),
    await combinedNameTable(dir, byId(batches, "JC-YP-JX")),
    await sheetPerBatch(
      dir,
      "省际联盟药品集采中选结果汇总.xlsx",
      [byId(batches, "LM-YP-02"), byId(batches, "LM-ZCY-01")],
      true
    ),
    await sheetPerBatch(
      dir,
      "国家组织高值医用耗材集采中选结果.xlsx",
      [byId(batches, "GJ-HC-GMZJ"), byId(batches, "GJ-HC-RGGJ"), byId(batches, "GJ-HC-RGJT")],
      false
    ),
    await provincialConsumables(dir, byId(batches, "JC-HC-01"))
  ];
}

/** 第九批: one header row whose cells break lines before their units; two unit prices are formulas. */
async function singleHeaderWithLineBreaks(dir: string, batch: Batch): Promise<FileReport> {
  const file = "第九批国家组织药品集中采购中选结果.xlsx";
  const path = join(dir, file);
  const workbook = openWorkbook(path);
  const sheet = workbook.addWorksheet("中选结果");
  const header = [
    "批次",
    "药品通用名",
    "剂型",
    "规格",
    "包装",
    "转换比",
    "中选企业",
    "医保药品编码",
    "是否中选",
    "中选价格\n（元/盒）",
    "单位价格\n（元）",
    "最高有效申报价\n（元/片、粒、支）",
    "集采前价格\n（元）",
    "供应省份"
  ];
  const headerRows = writeTitleAndHeader(
    sheet,
    [`${batch.spec.name}中选结果表`, `公示日期：${published(batch)}　　来源：国家组织药品联合采购办公室`],
    header
  );
  let r = headerRows[0];
  for (const {variety, bid} of rows(batch)) {
    r++;
    const p = bid.product;
    // Two unit prices are formulas over the pack price and ratio, with the cached result Excel would store.
    const unit: CellValue =
      r - headerRows[0] <= 2
        ? {formula: `ROUND(J${r}/F${r},4)`, result: unitYuan(bid.priceUnit)}
        : unitYuan(bid.priceUnit);
    sheet
      .addRow([
        batch.spec.name,
        variety.generic,
        variety.form,
        p.spec,
        p.pack,
        p.conversionRatio,
        p.enterprise,
        p.code,
        bid.selected ? "是" : "否",
        yuan(bid.pricePackFen),
        unit,
        unitYuan(bid.ceilingUnit),
        unitYuan(bid.preVbpUnit),
        bid.supplyProvinces.join("、")
      ])
      .commit();
  }
  const bytes = await closeWorkbook(workbook, path);
  return {file, source: "batch-results", rows: r - headerRows[0], bytes, sheets: [{name: "中选结果", headerRows}]};
}

/** 第十批: a two-row header (中选价格 over 每盒 / 最小制剂单位), variety names merged down, a rich-text cell. */
async function parentChildHeader(dir: string, batch: Batch): Promise<FileReport> {
  const file = "第十批国家组织药品集中采购拟中选结果表.xlsx";
  const path = join(dir, file);
  const workbook = openWorkbook(path);
  const sheet = workbook.addWorksheet("拟中选结果");
  const top = [
    "采购批次",
    "品种名称",
    "剂型",
    "规格",
    "包装规格",
    "转换比",
    "生产企业",
    "医保编码",
    "中选结果",
    "中选价格",
    "中选价格",
    "最高限价（元）",
    "中标前中位价（元）",
    "供应省份"
  ];
  const bottom = [
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    "每盒（元）",
    "最小制剂单位（元）",
    null,
    null,
    null
  ];
  const headerRows = writeTitleAndHeader(
    sheet,
    [`${batch.spec.name}拟中选结果表`, `公示日期：${published(batch)}`],
    top,
    bottom
  );
  let r = headerRows[1];
  let first = true;
  for (const variety of batch.varieties) {
    const start = r + 1;
    for (const bid of variety.bids) {
      r++;
      const p = bid.product;
      const enterprise: CellValue = first
        ? {richText: [{text: p.enterprise.slice(0, 2), font: {bold: true}}, {text: p.enterprise.slice(2)}]}
        : p.enterprise;
      first = false;
      sheet.addRow([
        batch.spec.name,
        r === start ? variety.generic : null,
        variety.form,
        p.spec,
        p.pack,
        p.conversionRatio,
        enterprise,
        p.code,
        bid.selected ? "中选" : "未中选",
        yuan(bid.pricePackFen),
        unitYuan(bid.priceUnit),
        unitYuan(bid.ceilingUnit),
        unitYuan(bid.preVbpUnit),
        bid.supplyProvinces.join("、")
      ]);
    }
    // Merge the variety name down its rows before committing them (the streaming writer needs that order).
    if (r > start) sheet.mergeCells(start, 2, r, 2);
    sheet.getRow(r).commit();
  }
  const bytes = await closeWorkbook(workbook, path);
  return {file, source: "batch-results", rows: r - headerRows[1], bytes, sheets: [{name: "拟中选结果", headerRows}]};
}

/** 第十一批: 申报价格 per pack and 竞标价格（最小规格）per unit, 是/否 in 是否中标. */
async function shortlistTable(dir: string, batch: Batch): Promise<FileReport> {
  const file = "第十一批国家组织药品集中采购拟中选结果表.xlsx";
  const header = [
    "批次名称",
    "通用名",
    "剂型",
    "规格",
    "包装",
    "转换比",
    "申报企业",
    "药品代码",
    "是否中标",
    "申报价格（元）",
    "竞标价格（最小规格）",
    "最高有效申报价（最小规格）",
    "企业近三年平均价（元）",
    "供应地区"
  ];
  return simpleTable(
    dir,
    file,
    batch,
    header,
    [`${batch.spec.name}拟中选结果表`, `公示日期：${published(batch)}`],
    ({variety, bid}) => [
      batch.spec.name,
      variety.generic,
      variety.form,
      bid.product.spec,
      bid.product.pack,
      bid.product.conversionRatio,
      bid.product.enterprise,
      bid.product.code,
      bid.selected ? "是" : "否",
      yuan(bid.pricePackFen),
      unitYuan(bid.priceUnit),
      unitYuan(bid.ceilingUnit),
      unitYuan(bid.preVbpUnit),
      bid.supplyProvinces.join("，")
    ]
  );
}

/** 接续: generic name and dosage form in one cell (阿托伐他汀口服常释剂型), no 剂型 column. */
async function combinedNameTable(dir: string, batch: Batch): Promise<FileReport> {
  const file = "国家集采药品协议期满接续采购中选结果（江川省）.xlsx";
  const header = [
    "批次",
    "药品名称",
    "规格",
    "包装",
    "转换比",
    "企业名称",
    "国家医保编码",
    "是否中选",
    "中选价格（元/盒）",
    "单位价格（元）",
    "最高限价（元）",
    "集采前价格（元）"
  ];
  return simpleTable(
    dir,
    file,
    batch,
    header,
    [`江川省${batch.spec.name.replace(/（江川省）$/, "")}中选结果`],
    ({variety, bid}) => [
      batch.spec.name,
      `${variety.generic}${variety.form}`,
      bid.product.spec,
      bid.product.pack,
      bid.product.conversionRatio,
      bid.product.enterprise,
      bid.product.code,
      bid.selected ? "是" : "否",
      yuan(bid.pricePackFen),
      unitYuan(bid.priceUnit),
      unitYuan(bid.ceilingUnit),
      unitYuan(bid.preVbpUnit)
    ]
  );
}

/** 江川省 consumables batch, with a conversion ratio of 1. */
async function provincialConsumables(dir: string, batch: Batch): Promise<FileReport> {
  const file = "江川省医用耗材集采中选结果.xlsx";
  const header = [
    "批次",
    "耗材名称",
    "规格型号",
    "包装",
    "转换比",
    "生产企业",
    "医保编码",
    "是否中选",
    "中选价格（元）",
    "最高限价（元）",
    "集采前价格（元）"
  ];
  return simpleTable(dir, file, batch, header, [`${batch.spec.name}中选结果公示`], ({variety, bid}) => [
    batch.spec.name,
    variety.generic,
    bid.product.spec,
    bid.product.pack,
    1,
    bid.product.enterprise,
    bid.product.code,
    bid.selected ? "是" : "否",
    yuan(bid.pricePackFen),
    unitYuan(bid.ceilingUnit),
    unitYuan(bid.preVbpUnit)
  ]);
}

async function simpleTable(
  dir: string,
  file: string,
  batch: Batch,
  header: string[],
  titles: string[],
  row: (r: {variety: BatchVariety; bid: Bid}) => CellValue[]
): Promise<FileReport> {
  const path = join(dir, file);
  const workbook = openWorkbook(path);
  const sheet = workbook.addWorksheet("Sheet1");
  const headerRows = writeTitleAndHeader(sheet, titles, header);
  const data = rows(batch);
  for (const r of data) sheet.addRow(row(r)).commit();
  const bytes = await closeWorkbook(workbook, path);
  return {file, source: "batch-results", rows: data.length, bytes, sheets: [{name: "Sheet1", headerRows}]};
}

/** One sheet per batch, named after it; no batch column (the loader takes the batch from the sheet name). */
async function sheetPerBatch(dir: string, file: string, batches: Batch[], drugs: boolean): Promise<FileReport> {
  const path = join(dir, file);
  const workbook = openWorkbook(path);
  const sheets: {name: string; headerRows: number[]}[] = [];
  let count = 0;
  for (const batch of batches) {
    const sheet: Sheet = workbook.addWorksheet(batch.spec.name);
    const header = drugs
      ? [
          "通用名",
          "剂型",
          "规格",
          "包装",
          "转换比",
          "中选企业",
          "医保编码",
          "是否中选",
          "每盒价格（元）",
          "单位价格（元）",
          "最高有效申报价（元）",
          "集采前单位价格（元）",
          "供应角色"
        ]
      : [
          "产品名称",
          "规格型号",
          "包装",
          "生产企业",
          "医保耗材编码",
          "是否中选",
          "中选价格（元）",
          "最高有效申报价（元）",
          "集采前价格（元）",
          "供应地区"
        ];
    const headerRows = writeTitleAndHeader(sheet, [`${batch.spec.name}中选结果`], header);
    for (const {variety, bid} of rows(batch)) {
      const p = bid.product;
      sheet
        .addRow(
          drugs
            ? [
                variety.generic,
                variety.form,
                p.spec,
                p.pack,
                p.conversionRatio,
                p.enterprise,
                p.code,
                bid.selected ? "是" : "否",
                yuan(bid.pricePackFen),
                unitYuan(bid.priceUnit),
                unitYuan(bid.ceilingUnit),
                unitYuan(bid.preVbpUnit),
                bid.supplyRole ?? "—"
              ]
            : [
                variety.generic,
                p.spec,
                p.pack,
                p.enterprise,
                p.code,
                bid.selected ? "是" : "否",
                yuan(bid.pricePackFen),
                unitYuan(bid.ceilingUnit),
                unitYuan(bid.preVbpUnit),
                bid.supplyProvinces.join("、") || "—"
              ]
        )
        .commit();
      count++;
    }
    sheets.push({name: batch.spec.name, headerRows});
  }
  const bytes = await closeWorkbook(workbook, path);
  return {file, source: "batch-results", rows: count, bytes, sheets};
}

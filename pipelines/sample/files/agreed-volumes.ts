import {join} from "node:path";
import type {AgreedVolume, Batch} from "../model.js";
import {formatTrimmed} from "../money.js";
import {CITY} from "../reference/regions.js";
import {closeWorkbook, openWorkbook, writeTitleAndHeader} from "../write/xlsx.js";
import type {FileReport} from "./report.js";

/** Units written in 万 (the header says 万片/粒/支): exact to four decimals. */
const wan = (units: number) => Number(formatTrimmed(BigInt(units), 4));

/**
 * Drug volumes: one sheet per batch (the batch is the sheet name), quantities in 万 units. Consumable volumes:
 * one sheet with a batch column, quantities in units.
 */
export async function writeAgreedVolumes(
  dir: string,
  batches: Batch[],
  volumes: AgreedVolume[]
): Promise<FileReport[]> {
  const drugFile = "约定采购量分解表（药品）.xlsx";
  const drugPath = join(dir, drugFile);
  const drugBook = openWorkbook(drugPath);
  const sheets: {name: string; headerRows: number[]}[] = [];
  let drugRows = 0;
  for (const batch of batches.filter((b) => b.spec.category === "药品")) {
    const sheet = drugBook.addWorksheet(batch.spec.name);
    const header = [
      "医疗机构编码",
      "通用名",
      "剂型",
      "规格",
      "生产企业",
      "医保编码",
      "采购年度",
      "报量（万片/粒/支）",
      "约定采购量（万片/粒/支）",
      "单位"
    ];
    const headerRows = writeTitleAndHeader(
      sheet,
      [`${CITY}${batch.spec.name}约定采购量分解表`, "单位：万片（粒、支、袋）"],
      header
    );
    for (const av of volumes) {
      if (av.batch !== batch) continue;
      const p = av.bid.product;
      sheet
        .addRow([
          av.hospital.code,
          av.variety.generic,
          av.variety.form,
          p.spec,
          p.enterprise,
          p.code,
          `第${av.yearIndex}年`,
          wan(av.reportedUnits),
          wan(av.agreedUnits),
          p.unit
        ])
        .commit();
      drugRows++;
    }
    sheets.push({name: batch.spec.name, headerRows});
  }
  const drugBytes = await closeWorkbook(drugBook, drugPath);

  const deviceFile = "约定采购量分解表（耗材）.xlsx";
  const devicePath = join(dir, deviceFile);
  const deviceBook = openWorkbook(devicePath);
  const sheet = deviceBook.addWorksheet("耗材约定量");
  const header = [
    "批次",
    "医疗机构编码",
    "耗材名称",
    "规格型号",
    "生产企业",
    "医保耗材编码",
    "协议年度",
    "需求量（个）",
    "约定采购量（个/套/片）",
    "单位"
  ];
  const headerRows = writeTitleAndHeader(sheet, [`${CITY}高值医用耗材集中带量采购约定采购量`], header);
  let deviceRows = 0;
  for (const av of volumes) {
    if (av.batch.spec.category !== "耗材") continue;
    const p = av.bid.product;
    sheet
      .addRow([
        av.batch.spec.name,
        av.hospital.code,
        av.variety.generic,
        p.spec,
        p.enterprise,
        p.code,
        av.yearIndex,
        av.reportedUnits,
        av.agreedUnits,
        p.unit
      ])
      .commit();
    deviceRows++;
  }
  const deviceBytes = await closeWorkbook(deviceBook, devicePath);
  return [
    {file: drugFile, source: "agreed-volumes", rows: drugRows, bytes: drugBytes, sheets},
    {
      file: deviceFile,
      source: "agreed-volumes",
      rows: deviceRows,
      bytes: deviceBytes,
      sheets: [{name: "耗材约定量", headerRows}]
    }
  ];
}

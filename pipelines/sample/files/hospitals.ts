import {join} from "node:path";
import type {Hospital} from "../model.js";
import {formatFixed} from "../money.js";
import {CITY} from "../reference/regions.js";
import {csvLine, TextFileWriter} from "../write/text-file.js";
import {closeWorkbook, openWorkbook, writeTitleAndHeader} from "../write/xlsx.js";
import type {FileReport} from "./report.js";

/** Hospitals and clinics as an .xlsx register (ratios as 68.32%); pharmacies as a UTF-8 CSV (ratios as 0.5523). */
export async function writeHospitals(dir: string, hospitals: Hospital[]): Promise<FileReport[]> {
  const file = `${CITY}定点医疗机构名单.xlsx`;
  const path = join(dir, file);
  const workbook = openWorkbook(path);
  const sheet = workbook.addWorksheet("定点医疗机构");
  const header = ["医疗机构编码", "医疗机构名称", "医院等级", "经营性质", "所属区县", "医保实际支付比例", "机构类别"];
  const headerRows = writeTitleAndHeader(sheet, [`${CITY}医疗保障局定点医疗机构名单（截至2026年10月31日）`], header);
  const clinics = hospitals.filter((h) => h.kind !== "药店");
  for (const h of clinics) {
    sheet
      .addRow([
        h.code,
        h.name,
        h.levelText,
        h.ownership,
        h.region,
        `${formatFixed(BigInt(h.miPayRatio), 2)}%`,
        h.kindText
      ])
      .commit();
  }
  // A clinic designated while its ratio was still being set: text in the ratio column, a row to reject.
  sheet
    .addRow(["H72012199901", `${CITY}云溪县新建社区卫生服务站`, "未定级", "公立", "云溪县", "待核定", "社区卫生服务站"])
    .commit();
  const bytes = await closeWorkbook(workbook, path);
  const reports: FileReport[] = [
    {file, source: "hospitals", rows: clinics.length + 1, bytes, sheets: [{name: "定点医疗机构", headerRows}]}
  ];

  const pharmacies = hospitals.filter((h) => h.kind === "药店");
  const csvFile = `${CITY}定点零售药店名单.csv`;
  const writer = new TextFileWriter(join(dir, csvFile), "utf8");
  writer.line(csvLine(["定点医药机构编码", "定点机构名称", "机构等级", "所有制", "区县", "医保支付比例", "机构类型"]));
  for (const h of pharmacies)
    writer.line(
      csvLine([h.code, h.name, h.levelText, h.ownership, h.region, formatFixed(BigInt(h.miPayRatio), 4), h.kindText])
    );
  writer.close();
  reports.push({file: csvFile, source: "hospitals", rows: pharmacies.length, bytes: writer.bytes, encoding: "utf8"});
  return reports;
}

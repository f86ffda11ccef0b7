import {join} from "node:path";
import {formatDate} from "../dates.js";
import type {SurplusReturn} from "../model.js";
import {formatFen} from "../money.js";
import {CITY} from "../reference/regions.js";
import {closeWorkbook, openWorkbook, writeTitleAndHeader} from "../write/xlsx.js";
import type {FileReport} from "./report.js";

/** Payout records (missing ones are simply absent), amounts in 元 with two decimals. */
export async function writeSurplusReturns(dir: string, returns: SurplusReturn[]): Promise<FileReport> {
  const file = "集采结余留用资金返还明细.xlsx";
  const path = join(dir, file);
  const workbook = openWorkbook(path);
  const sheet = workbook.addWorksheet("返还明细");
  const header = ["定点机构编码", "集采批次", "考核年度", "考核得分", "返还金额（元）", "拨付日期"];
  const headerRows = writeTitleAndHeader(
    sheet,
    [`${CITY}医保基金集中带量采购结余留用资金返还明细表`, "制表单位：华阳市医疗保障局基金科"],
    header
  );
  let rows = 0;
  for (const r of returns) {
    if (r.paidFen === null) continue;
    sheet
      .addRow([
        r.hospital.code,
        r.batch.spec.name,
        r.period,
        r.score,
        Number(formatFen(r.paidFen)),
        r.paidDate === null ? null : formatDate(r.paidDate, "dotted")
      ])
      .commit();
    rows++;
  }
  const bytes = await closeWorkbook(workbook, path);
  return {file, source: "surplus-returns", rows, bytes, sheets: [{name: "返还明细", headerRows}]};
}

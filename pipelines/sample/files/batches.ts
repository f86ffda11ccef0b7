import {join} from "node:path";
import {day, formatDate} from "../dates.js";
import type {Batch} from "../model.js";
import {csvLine, TextFileWriter} from "../write/text-file.js";
import type {FileReport} from "./report.js";

/** The batch list as a UTF-8 (BOM) CSV with dates written 2024年12月12日. */
export function writeBatches(dir: string, batches: Batch[]): FileReport {
  const file = "集采批次一览表.csv";
  const writer = new TextFileWriter(join(dir, file), "utf8-bom");
  writer.line(csvLine(["批次编号", "批次名称", "采购层级", "品类", "开标日期", "执行日期", "采购周期截止"]));
  for (const b of batches) {
    const s = b.spec;
    writer.line(
      csvLine([
        s.id,
        s.name,
        s.level,
        s.category,
        formatDate(day(s.bidDate), "chinese"),
        formatDate(day(s.execStart), "chinese"),
        formatDate(day(s.cycleEnd), "chinese")
      ])
    );
  }
  writer.close();
  return {file, source: "batches", rows: batches.length, bytes: writer.bytes, encoding: "utf8-bom"};
}

import {join} from "node:path";
import {formatDate} from "../dates.js";
import type {NrdlEntry} from "../model.js";
import {formatFen} from "../money.js";
import {standardUnitText} from "../generate/nrdl.js";
import {writeParquet} from "../write/parquet.js";
import type {FileReport} from "./report.js";

/** The negotiated-drug catalogue as typed Parquet (year INTEGER, standard DECIMAL, dates DATE). */
export async function writeNrdl(dir: string, entries: NrdlEntry[]): Promise<FileReport> {
  const file = "国家医保谈判药品目录.parquet";
  const columns = [
    {name: "目录年份", type: "INTEGER"},
    {name: "医保药品编码", type: "VARCHAR"},
    {name: "药品名称", type: "VARCHAR"},
    {name: "剂型", type: "VARCHAR"},
    {name: "医保支付标准", type: "DECIMAL(18,2)"},
    {name: "支付标准对应规格", type: "VARCHAR"},
    {name: "限定支付范围", type: "VARCHAR"},
    {name: "协议有效期起", type: "DATE"},
    {name: "协议有效期止", type: "DATE"},
    {name: "双通道", type: "VARCHAR"}
  ];
  const rows = entries.map((e) => [
    e.year,
    e.code,
    e.name,
    e.form,
    formatFen(e.paymentStandardFen),
    standardUnitText(e),
    e.restriction || null,
    formatDate(e.agreementStart),
    formatDate(e.agreementEnd),
    e.dualChannel ? "是" : "否"
  ]);
  const bytes = await writeParquet(join(dir, file), columns, rows);
  return {file, source: "nrdl", rows: rows.length, bytes};
}

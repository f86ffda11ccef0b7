import {join} from "node:path";
import {formatDate} from "../dates.js";
import type {CreditRating} from "../generate/credit-ratings.js";
import {csvLine, TextFileWriter} from "../write/text-file.js";
import type {FileReport} from "./report.js";

/** The provinces' published credit ratings, as a UTF-8 CSV with BOM in the headers the platforms use. */
export function writeCreditRatings(dir: string, ratings: CreditRating[]): FileReport {
  const file = "医药价格和招采信用评级结果.csv";
  const out = new TextFileWriter(join(dir, file), "utf8-bom");
  out.line(
    csvLine(["评级省份", "失信企业", "评定日期", "信用等级", "主要失信事实", "涉案产品", "处置措施", "是否修复"])
  );
  for (const r of ratings) {
    out.line(
      csvLine([
        r.province,
        r.enterprise,
        formatDate(r.ratingDate, "iso"),
        r.level,
        r.caseSummary ?? "",
        r.caseProducts ?? "",
        r.disposition ?? "",
        r.repaired ? "是" : "否"
      ])
    );
  }
  out.close();
  return {file, source: "credit-ratings", rows: out.lines - 1, bytes: out.bytes, encoding: "utf8-bom"};
}

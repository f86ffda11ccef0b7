import {writeFileSync} from "node:fs";
import {join} from "node:path";
import type {ColumnSpec, SourceContract} from "../../pipelines/sources/contract.js";
import {contracts} from "../../pipelines/sources/index.js";

/** Values a hostile file reuses so that its rows join the sample's (a batch, a hospital, a selected product …). */
export type Reference = Record<string, string>;

const long = (unit: string, times: number) => Array.from({length: times}, (_, i) => `${i + 1}${unit}`).join("×");

/** Extreme but loadable texts, per column name; other text columns get `names`. */
const texts: Record<string, string[]> = {
  pack: [
    `${"9".repeat(40)}片/盒`,
    "×*/、;".repeat(40),
    "999999999999粒×999999999999板/盒×999999999999盒/箱",
    long("片", 60) + "/盒",
    "规格10mg,规格20mg由13片泡罩板和14片泡罩板组成；13片泡罩板含有4片10 mg、4片20 mg和5片30 mg片剂；共计27片。×27片/盒",
    "0.000001支/盒"
  ],
  spec: [
    `${"9".repeat(30)}mg`,
    "0.000001μg",
    "999999999999g:999999999999mg",
    "1:2:3:4:5;".repeat(30),
    "99999999L",
    `10mg'"; drop table raw_orders; --`
  ],
  standard_unit: [`${"9".repeat(40)}片/盒`, "0.000001μg×1支/支", long("粒", 30), "每100丸重3g；人工麝香×80丸/盒"],
  period: ["第2147483647年", "2100", "第一年", "9".repeat(60), "第九年度"],
  supply_provinces: ["全国", "河北、山西,内蒙古;".repeat(50), "'\";--"],
  qty_unit: ["盒", "片", "箱", "9".repeat(30)],
  unit: ["盒", "片", "箱", "9".repeat(30)],
  product_code: ["X", "X" + "1".repeat(22) + "99", "C" + "1".repeat(26), "Z1", "A'B\"C"],
  drug_code: ["X", "X" + "1".repeat(22) + "99", "Z1"]
};
const names = [`O'Brien "药" ; --`, "<script>alert(1)</script>", "名".repeat(500), "　名　", "%_\\"];

/** Extreme but loadable values per column type (the checks a column has decide which are allowed). */
function typedValues(column: ColumnSpec): string[] {
  switch (column.type) {
    case "decimal":
      if (column.check === "score") return ["100", "0", "0.000001"];
      return [
        "999999999999.999999",
        "0.000001",
        "123456789012.5",
        "1",
        ...(column.check === "nonNegative" ? ["0"] : [])
      ];
    case "integer":
      return ["2147483647", "1", "0", "-2147483647"];
    case "ratio":
      return ["0", "1", "0.000001", "100%"];
    case "date":
      return ["1990-01-01", "2100-12-31", "2000-02-29"];
    case "boolean":
      return ["是", "否"];
    default:
      return column.allowed ? [...column.allowed] : (texts[column.name] ?? names);
  }
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Rows for one source: row i takes the i-th hostile value of every column (cycling), and every other row reuses
 * the reference values instead of hostile names, so that hostile numbers reach the joins and the marts. A row
 * whose natural key an earlier row has gets its last text key suffixed, so no row is a duplicate.
 */
export function hostileRows(contract: SourceContract, reference: Reference, count: number): string[][] {
  const seen = new Set<string>();
  const keyIndexes = contract.key.map((k) => contract.columns.findIndex((c) => c.name === k));
  const suffixed = [...keyIndexes].reverse().find((i) => ["text", "code"].includes(contract.columns[i]!.type))!;
  return Array.from({length: count}, (_, i) => {
    const row = contract.columns.map((column) => {
      const referenced = reference[`${contract.kind}.${column.name}`] ?? reference[column.name];
      if (referenced !== undefined && !texts[column.name] && i % 2 === 0) return referenced;
      const values = typedValues(column);
      return values[i % values.length]!;
    });
    const key = () => JSON.stringify(keyIndexes.map((k) => row[k]));
    if (seen.has(key())) row[suffixed] = `${row[suffixed]}#${i}`;
    seen.add(key());
    return row;
  });
}

/** One CSV per source in `dir` (headers are each column's first alias); returns the file paths by source. */
export function writeHostileFiles(dir: string, reference: Reference, count = 12): Map<string, string> {
  const files = new Map<string, string>();
  for (const contract of contracts) {
    const header = contract.columns.map((c) => c.aliases[0]!);
    const lines = [header, ...hostileRows(contract, reference, count)].map((r) => r.map(csvCell).join(","));
    const path = join(dir, `hostile-${contract.kind}.csv`);
    writeFileSync(path, lines.join("\n") + "\n");
    files.set(contract.kind, path);
  }
  return files;
}

/** Helpers for the sample tests: read generated files back the way a person (or the loader) would. */
import {readFileSync} from "node:fs";
import ExcelJS from "exceljs";
import {splitCsvLine} from "../../pipelines/bench/orders-csv.js";

/** Text of a cell as the loader reads it: cached formula results, rich text as plain text, merges repeat the master. */
export function cellText(cell: ExcelJS.Cell): string | null {
  const value = cell.master.value;
  if (value === null || value === undefined) return null;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((t) => t.text).join("");
    if ("formula" in value || "sharedFormula" in value) return value.result === undefined ? null : String(value.result);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value);
}

export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

/** Rows 1…n of a sheet as text cells. */
export function topRows(sheet: ExcelJS.Worksheet, n: number): {sourceRow: number; cells: (string | null)[]}[] {
  return Array.from({length: n}, (_, i) => {
    const row = sheet.getRow(i + 1);
    return {sourceRow: i + 1, cells: Array.from({length: sheet.columnCount}, (_, c) => cellText(row.getCell(c + 1)))};
  });
}

/** Lines of a GBK or UTF-8 CSV (BOM stripped); fields split on commas outside quotes. */
export function csvRows(path: string, encoding: "gbk" | "utf8" | "utf8-bom"): string[][] {
  const text = new TextDecoder(encoding === "gbk" ? "gb18030" : "utf-8").decode(readFileSync(path));
  return text
    .split("\r\n")
    .filter((line) => line.length > 0)
    .map(splitCsvLine);
}

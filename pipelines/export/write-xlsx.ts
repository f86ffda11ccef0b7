import ExcelJS from "exceljs";
import type {RowSource} from "./write-csv.js";

/**
 * Characters XML 1.0 cannot carry: exceljs drops the C0 controls itself but writes U+FFFE and U+FFFF as they
 * are, and LibreOffice stops reading a sheet's rows at the first one (a stray one cost every row after it).
 */
const notInXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text as a cell can hold it: without the characters XML cannot carry (they show as nothing anyway). */
export function xlsxText(text: string): string {
  return text.replace(notInXml, "");
}

/** Column width in characters: CJK counts double, capped so long texts wrap instead of widening the sheet. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2E80-\uFFFF]/.test(ch) ? 2 : 1;
  return Math.min(Math.max(width + 2, 8), 50);
}

/**
 * One worksheet streamed row by row (exceljs WorkbookWriter), header row bold and frozen. Text cells are
 * plain strings (never formulas); dates get a yyyy-mm-dd format.
 */
export async function writeXlsx(path: string, sheetName: string, source: RowSource): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({filename: path, useStyles: true, useSharedStrings: false});
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), {views: [{state: "frozen", ySplit: 1}]});
  sheet.columns = source.headers.map((header) => ({header: xlsxText(header), width: displayWidth(header)}));
  sheet.getRow(1).font = {bold: true};
  sheet.getRow(1).commit();
  let rows = 0;
  for await (const batch of source.batches) {
    for (const values of batch) {
      const row = sheet.addRow(values.map((value) => (typeof value === "string" ? xlsxText(value) : value)));
      values.forEach((value, i) => {
        if (value instanceof Date) row.getCell(i + 1).numFmt = "yyyy-mm-dd";
      });
      row.commit();
      rows++;
    }
  }
  sheet.commit();
  await workbook.commit();
  return rows;
}

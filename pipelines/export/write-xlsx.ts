import ExcelJS from "exceljs";
import type {CellValue} from "./cells.js";
import type {RowSource} from "./write-csv.js";

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
  sheet.columns = source.headers.map((header) => ({header, width: displayWidth(header)}));
  sheet.getRow(1).font = {bold: true};
  sheet.getRow(1).commit();
  let rows = 0;
  for await (const batch of source.batches) {
    for (const values of batch) {
      const row = sheet.addRow(values as (CellValue | undefined)[]);
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

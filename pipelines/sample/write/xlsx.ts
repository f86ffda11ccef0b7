import {statSync} from "node:fs";
import ExcelJS from "exceljs";
import {normalizeZipTimestamps} from "./zip-timestamps.js";

/** Workbooks carry this creation time so that the same inputs give the same bytes. */
export const FIXED_TIME = new Date(Date.UTC(2026, 10, 1));

export type CellValue = ExcelJS.CellValue;
export type Sheet = ExcelJS.Worksheet;

/** A streaming workbook: rows are written and forgotten, so large sheets keep memory flat. */
export function openWorkbook(path: string): ExcelJS.stream.xlsx.WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({filename: path, useStyles: true, useSharedStrings: true});
  workbook.creator = "华阳市医疗保障局";
  workbook.lastModifiedBy = "华阳市医疗保障局";
  workbook.created = FIXED_TIME;
  workbook.modified = FIXED_TIME;
  return workbook;
}

export async function closeWorkbook(workbook: ExcelJS.stream.xlsx.WorkbookWriter, path: string): Promise<number> {
  await workbook.commit();
  normalizeZipTimestamps(path);
  return statSync(path).size;
}

/**
 * Title rows (each merged across the table's width), then the header. A header is one row, or two rows where a
 * null in `bottom` merges the top cell down and equal neighbouring top texts merge across (a parent over
 * its children). Returns the 1-based row numbers of the header.
 */
export function writeTitleAndHeader(
  sheet: Sheet,
  titles: string[],
  top: string[],
  bottom?: (string | null)[]
): number[] {
  // The streaming writer can only merge cells of rows not yet committed: add, merge, then commit.
  const width = top.length;
  let row = 1;
  const rows: ExcelJS.Row[] = [];
  for (const title of titles) {
    const r = sheet.addRow([title]);
    r.getCell(1).font = {bold: row === 1, size: row === 1 ? 14 : 10};
    r.getCell(1).alignment = {horizontal: row === 1 ? "center" : "left"};
    rows.push(r);
    sheet.mergeCells(row, 1, row, width);
    row++;
  }
  const headerRows = [row];
  if (!bottom) {
    styleHeader(sheet.addRow(top)).commit();
    return headerRows;
  }
  // Parent texts are written once, in the first cell of their horizontal merge.
  const topValues = top.map((t, i) =>
    i > 0 && bottom[i] !== null && bottom[i - 1] !== null && top[i - 1] === t ? null : t
  );
  styleHeader(sheet.addRow(topValues));
  const last = styleHeader(sheet.addRow(bottom.map((b) => b ?? null)));
  headerRows.push(row + 1);
  for (let c = 0; c < width; c++) {
    if (bottom[c] === null) sheet.mergeCells(row, c + 1, row + 1, c + 1);
    else {
      let end = c;
      while (end + 1 < width && bottom[end + 1] !== null && top[end + 1] === top[c]) end++;
      if (end > c) sheet.mergeCells(row, c + 1, row, end + 1);
      c = end;
    }
  }
  last.commit();
  return headerRows;
}

function styleHeader(row: ExcelJS.Row): ExcelJS.Row {
  row.eachCell((cell) => {
    cell.font = {bold: true};
    cell.alignment = {wrapText: true, vertical: "middle", horizontal: "center"};
  });
  return row;
}

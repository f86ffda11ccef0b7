import {closeWorkbook, openWorkbook, writeTitleAndHeader} from "../sample/write/xlsx.js";
import {csvRows} from "./orders-csv.js";

/** Columns an export from the platform writes as numbers: 明细序号, 转换比, 数量, 单价, 金额. */
const numericColumns = new Set([1, 8, 10, 12, 13]);
const plainNumber = /^-?\d+(?:\.\d+)?$/;

/**
 * An .xlsx of the order lines in a UTF-8 CSV, written with exceljs's streaming writer (shared strings, as
 * Excel saves them), with a merged title row above the header as bureaus send them. Counts stay numbers
 * where the text is a plain number; a mistyped quantity (十二) stays text.
 */
export async function writeOrdersXlsx(csvPath: string, target: string, title: string): Promise<void> {
  const workbook = openWorkbook(target);
  const sheet = workbook.addWorksheet("采购明细");
  let header = true;
  for await (const rows of csvRows(csvPath)) {
    for (const fields of rows) {
      if (header) {
        writeTitleAndHeader(sheet, [title], fields);
        header = false;
        continue;
      }
      const values = fields.map((f, i) =>
        f === "" ? null : numericColumns.has(i) && plainNumber.test(f) ? Number(f) : f
      );
      sheet.addRow(values).commit();
    }
  }
  sheet.commit();
  await closeWorkbook(workbook, target);
}

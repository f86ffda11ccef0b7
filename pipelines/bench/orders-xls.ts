import {writeFileSync} from "node:fs";
import * as XLSX from "@e965/xlsx";
import {csvRows} from "./orders-csv.js";

/** Columns an export from the platform writes as numbers: 明细序号, 转换比, 数量, 单价, 金额. */
const numericColumns = new Set([1, 8, 10, 12, 13]);
const plainNumber = /^-?\d+(?:\.\d+)?$/;

/** The most rows a .xls (BIFF8) sheet holds, header included. */
export const xlsMaxRows = 65_536;

/**
 * A .xls (Excel 97–2003, BIFF8) of the order lines in a UTF-8 CSV, written by SheetJS as the bureaus' older
 * systems save them: numbers as numbers, a mistyped quantity (十二) as text. At most 65 535 lines fit.
 */
export async function writeOrdersXls(csvPath: string, target: string): Promise<void> {
  const data: (string | number | null)[][] = [];
  let header = true;
  for await (const rows of csvRows(csvPath)) {
    for (const fields of rows) {
      data.push(
        header
          ? fields
          : fields.map((f, i) => (f === "" ? null : numericColumns.has(i) && plainNumber.test(f) ? Number(f) : f))
      );
      header = false;
    }
  }
  if (data.length > xlsMaxRows) throw new Error(`.xls 最多 ${xlsMaxRows} 行，输入有 ${data.length} 行`);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(data), "采购明细");
  writeFileSync(target, XLSX.write(book, {bookType: "biff8", type: "buffer"}) as Buffer);
}

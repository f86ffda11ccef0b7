/**
 * .xls (Excel 97–2003, BIFF8) → one grid per visible worksheet, through SheetJS (@e965/xlsx, the npm
 * republication of SheetJS CE 0.20.3: the `xlsx` package on npm stopped at 0.18.5, which has published CVEs).
 * BIFF is a binary record format that only a full parser reads correctly (shared strings split over CONTINUE
 * records, RK/MULRK numbers, formula results), so this module keeps none of its own. A .xls sheet holds at most
 * 65 536 rows × 256 columns, so reading the workbook into memory is bounded; the cells are then written to the
 * same temp grid as .xlsx (GridWriter's appender), with the same cell text rules, merged ranges, hidden-sheet
 * rule and messages.
 */
import {readFileSync} from "node:fs";
import * as XLSX from "@e965/xlsx";
import {controlCharacter, readHead} from "./encoding.js";
import {FileError, type Grid, type Reader} from "./types.js";
import {numberText, serialDateText} from "./xlsx/cell-text.js";
import {GridWriter, ignoredCellsNote, type MergedRange} from "./xlsx/grid-writer.js";
import {readXlsx} from "./xlsx.js";

const oleSignature = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const damagedMessage =
  "无法读取 Excel 97-2003 工作簿（.xls）：文件已损坏或不完整，请从原系统重新导出，或在 Excel 中打开后另存为 .xlsx 再加载";
const encryptedMessage = "工作簿设有打开密码（已加密），无法读取：请在 Excel 中打开、取消密码后保存，再加载";
const progressEvery = 50_000;

/** Excel's error codes as it shows them (BIFF stores the code). */
const errorText: Record<number, string> = {
  0x00: "#NULL!",
  0x07: "#DIV/0!",
  0x0f: "#VALUE!",
  0x17: "#REF!",
  0x1d: "#NAME?",
  0x24: "#NUM!",
  0x2a: "#N/A",
  0x2b: "#GETTING_DATA"
};

/** Refuses what is not a BIFF workbook by its first bytes; an .xlsx saved under .xls is read as .xlsx. */
function sniff(file: string): "ole" | "zip" {
  const head = readHead(file, 4096);
  if (head.length === 0) throw new FileError(file, null, "文件为空（0 字节）");
  if (head.subarray(0, 8).equals(oleSignature)) return "ole";
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return "zip";
  const text = head
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 512)
    .toLowerCase();
  if (/^<(!doctype html|html|table|meta)/.test(text) || text.includes("<table"))
    throw new FileError(
      file,
      null,
      "这是网页（HTML）格式的表格，只是扩展名为 .xls：请用 Excel 打开后另存为 .xlsx（Excel 工作簿）再加载"
    );
  if (text.startsWith("<?xml"))
    throw new FileError(
      file,
      null,
      "这是 XML 格式的表格（Excel 2003 XML），不是 .xls：请用 Excel 打开后另存为 .xlsx 再加载"
    );
  throw new FileError(
    file,
    null,
    "这不是 Excel 97-2003 工作簿（.xls）：请确认文件类型，或用 Excel 打开后另存为 .xlsx 再加载"
  );
}

function isEncryptedError(error: unknown): boolean {
  return error instanceof Error && /password-protected|ECMA-376 Encrypted/i.test(error.message);
}

/** A cell as grid text: the same rules as the .xlsx reader (cell-text.ts). */
function cellText(cell: XLSX.CellObject, date1904: boolean): string | null {
  switch (cell.t) {
    case "s":
      return cell.v === undefined || cell.v === null ? null : String(cell.v);
    case "b":
      return cell.v ? "true" : "false";
    case "e":
      return errorText[Number(cell.v)] ?? "#N/A";
    case "n": {
      const value = Number(cell.v);
      if (!Number.isFinite(value)) return null;
      if (cell.z !== undefined && XLSX.SSF.is_date(cell.z)) return serialDateText(value, date1904) ?? numberText(value);
      return numberText(value);
    }
    case "d":
      return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v);
    default:
      return null;
  }
}

function mergesOf(sheet: XLSX.WorkSheet): MergedRange[] {
  return (sheet["!merges"] ?? [])
    .filter((m) => m.e.r > m.s.r || m.e.c > m.s.c)
    .map((m) => ({firstRow: m.s.r + 1, lastRow: m.e.r + 1, firstCol: m.s.c, lastCol: m.e.c}));
}

export const readXls: Reader = async (conn, file, options) => {
  if (sniff(file) === "zip") return readXlsx(conn, file, options);
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(readFileSync(file), {
      type: "buffer",
      dense: true,
      cellNF: true,
      cellText: false,
      cellDates: false,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false
    });
  } catch (error) {
    const fileError = new FileError(file, null, isEncryptedError(error) ? encryptedMessage : damagedMessage);
    fileError.cause = error;
    throw fileError;
  }
  if (!workbook.SheetNames?.length) throw new FileError(file, null, damagedMessage);
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  const grids: Grid[] = [];
  const writers: GridWriter[] = [];
  let rowsBefore = 0;
  let nextReport = progressEvery;
  try {
    for (const [index, name] of workbook.SheetNames.entries()) {
      // Hidden and "very hidden" sheets are skipped, as in .xlsx: what loads is what the user sees.
      if ((workbook.Workbook?.Sheets?.[index]?.Hidden ?? 0) !== 0) continue;
      const sheet = workbook.Sheets[name];
      if (!sheet || (sheet["!type"] && sheet["!type"] !== "sheet")) continue;
      const writer = new GridWriter(conn, `${options.tablePrefix}_s${index}`);
      writers.push(writer);
      const rows = (sheet["!data"] ?? []) as (XLSX.CellObject | undefined)[][];
      let controlCharacters = false;
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        if (row) {
          for (let c = 0; c < row.length; c++) {
            const cell = row[c];
            if (!cell) continue;
            const text = cellText(cell, date1904);
            if (text === null || text === "") continue;
            if (cell.t === "s" && !controlCharacters) controlCharacters = controlCharacter.test(text);
            writer.set(c, text);
          }
        }
        writer.endRow(r + 1);
        if (writer.hasPending) await writer.settle();
        if (options.onProgress && rowsBefore + writer.rows >= nextReport) {
          options.onProgress(rowsBefore + writer.rows);
          nextReport += progressEvery;
        }
      }
      if (await writer.finish(mergesOf(sheet))) {
        const note = writer.ignored ? {note: ignoredCellsNote(writer.ignored)} : {};
        grids.push({sheet: name, table: writer.table, columnCount: writer.columnCount, controlCharacters, ...note});
      }
      rowsBefore += writer.rows;
    }
    return grids;
  } catch (error) {
    for (const writer of writers) await writer.discard();
    throw error;
  }
};

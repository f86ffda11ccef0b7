import type {Readable} from "node:stream";
import {FileError, type Grid, type Reader} from "./types.js";
import {GridWriter, ignoredCellsNote} from "./xlsx/grid-writer.js";
import {readSheet} from "./xlsx/read-sheet.js";
import {SheetFormatError} from "./xlsx/sheet-scanner.js";
import {checkXlsxSignature} from "./xlsx/signature.js";
import {NotAWorkbookError, openWorkbook, SourceError, type SheetEntry} from "./xlsx/workbook.js";

const progressEvery = 50_000;
const damagedMessage = "无法读取 Excel 文件：文件已损坏或不完整";

/**
 * Hidden and "very hidden" sheets are skipped: what loads is what the user sees in Excel. In these workbooks a
 * hidden sheet is a drop-down list, a lookup table or an old copy of the data, and loading the copy would
 * count its rows twice. Unhiding the sheet in Excel loads it. Chart, dialog and macro sheets hold no rows.
 */
function isLoadable(sheet: SheetEntry): boolean {
  return sheet.isWorksheet && sheet.state !== "hidden" && sheet.state !== "veryHidden";
}

/** A part's chunks, with any read, inflate or checksum failure raised as a SourceError. */
async function* fileChunks(stream: Readable): AsyncGenerator<Buffer> {
  const iterator = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw new SourceError(error instanceof Error ? error.message : String(error), {cause: error});
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    stream.destroy();
  }
}

/**
 * .xlsx → one grid per visible worksheet with values, in tab order. The zip is read through its index, each
 * worksheet's XML is scanned as it streams from the file and appended to a temp table, so memory stays flat
 * however many rows a sheet has. Cells become text: cached formula results, rich text as plain text, dates as
 * YYYY-MM-DD[ HH:MM:SS], numbers with Excel's 15 significant digits; merged ranges repeat their top-left
 * value in every cell. Sheets with no values give no grid.
 */
export const readXlsx: Reader = async (conn, file, {tablePrefix, onProgress}) => {
  await checkXlsxSignature(file);
  const grids: Grid[] = [];
  const writers: GridWriter[] = [];
  let currentSheet: string | null = null;
  let rowsBefore = 0;
  let nextReport = progressEvery;
  const progress = (rows: number) => {
    if (!onProgress) return;
    while (rowsBefore + rows >= nextReport) {
      onProgress(rowsBefore + rows);
      nextReport += progressEvery;
    }
  };

  try {
    const workbook = await openWorkbook(file);
    for (const [index, sheet] of workbook.sheets.entries()) {
      if (!isLoadable(sheet)) continue;
      currentSheet = sheet.name;
      if (!sheet.part) throw new FileError(file, sheet.name, `${damagedMessage}（工作表“${sheet.name}”的数据缺失）`);
      const writer = new GridWriter(conn, `${tablePrefix}_s${index}`);
      writers.push(writer);
      const chunks = fileChunks(await workbook.open(sheet.part));
      const {merges, controlCharacters} = await readSheet(chunks, writer, workbook.context, progress);
      if (await writer.finish(merges)) {
        const note = writer.ignored ? {note: ignoredCellsNote(writer.ignored)} : {};
        grids.push({
          sheet: sheet.name,
          table: writer.table,
          columnCount: writer.columnCount,
          controlCharacters,
          ...note
        });
      }
      rowsBefore += writer.rows;
    }
    return grids;
  } catch (error) {
    for (const writer of writers) await writer.discard();
    if (error instanceof FileError) throw error;
    if (error instanceof NotAWorkbookError)
      throw new FileError(file, null, "这是一个 zip 压缩包，但不是 Excel 工作簿（.xlsx）");
    if (error instanceof SourceError || error instanceof SheetFormatError) {
      const where = currentSheet === null ? "" : `（工作表“${currentSheet}”）`;
      const fileError = new FileError(file, currentSheet, `${damagedMessage}${where}`);
      fileError.cause = error;
      throw fileError;
    }
    throw error;
  }
};

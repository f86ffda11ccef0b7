import {createReadStream, createWriteStream} from "node:fs";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {PassThrough} from "node:stream";
import {pipeline} from "node:stream/promises";
import {FileError, type Grid, type Reader} from "./types.js";
import {GridWriter} from "./xlsx/grid-writer.js";
import {readSheet} from "./xlsx/read-sheet.js";
import {SheetFormatError} from "./xlsx/sheet-scanner.js";
import {checkXlsxSignature} from "./xlsx/signature.js";
import {openWorkbook, SourceError, type WorksheetPart} from "./xlsx/workbook.js";

const progressEvery = 50_000;
const damagedMessage = "无法读取 Excel 文件：文件已损坏或不完整";

/**
 * Hidden and "very hidden" sheets are skipped: what loads is what the user sees in Excel. In these workbooks a
 * hidden sheet is a drop-down list, a lookup table or an old copy of the data, and loading the copy would
 * count its rows twice. Unhiding the sheet in Excel loads it.
 */
function isLoadable(part: WorksheetPart): boolean {
  return part.state !== "hidden" && part.state !== "veryHidden";
}

/**
 * .xlsx → one grid per non-empty visible worksheet, in workbook order. exceljs streams the zip and parses
 * shared strings and styles; each worksheet's XML is scanned as it streams and appended to a temp table, so
 * memory stays flat however many rows a sheet has. Cells become text: cached formula results, rich text as
 * plain text, dates as YYYY-MM-DD[ HH:MM:SS], numbers with Excel's 15 significant digits; merged ranges
 * repeat their top-left value in every cell. Chart sheets and sheets with no values give no grid.
 */
export const readXlsx: Reader = async (conn, file, {tablePrefix, onProgress}) => {
  await checkXlsxSignature(file);
  const source = createReadStream(file);
  const input = new PassThrough();
  let readError: Error | null = null;
  source.on("error", (error) => {
    // Ending the input makes the zip parser fail instead of waiting forever for bytes that will not come.
    readError = error;
    input.end();
  });
  source.pipe(input);
  const workbook = openWorkbook(input);
  const grids: Grid[] = [];
  const writers: GridWriter[] = [];
  const deferred: {name: string; path: string}[] = [];
  let spoolDir: string | null = null;
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

  const load = async (name: string, chunks: AsyncIterable<Buffer | string>) => {
    currentSheet = name;
    const writer = new GridWriter(conn, `${tablePrefix}_s${writers.length}`);
    writers.push(writer);
    const merges = await readSheet(workbook.guard(chunks), writer, workbook.context(), progress);
    if (await writer.finish(merges)) grids.push({sheet: name, table: writer.table, columnCount: writer.columnCount});
    rowsBefore += writer.rows;
    currentSheet = null;
  };

  try {
    for await (const part of workbook.guard(workbook.worksheets)) {
      if (!isLoadable(part)) {
        for await (const _ of workbook.guard(part.iterator)); // read past it: the zip is one stream
      } else if (workbook.stylesRead()) await load(part.name, part.iterator);
      else {
        // styles.xml comes later in this zip, and dates can only be told from numbers with it: park the sheet.
        spoolDir ??= await mkdtemp(join(tmpdir(), "jicai-xlsx-"));
        const path = join(spoolDir, `${deferred.length}.xml`);
        currentSheet = part.name;
        await pipeline(workbook.guard(part.iterator), createWriteStream(path));
        currentSheet = null;
        deferred.push({name: part.name, path});
      }
    }
    for (const {name, path} of deferred) await load(name, createReadStream(path));
    if (readError) throw new SourceError((readError as Error).message, {cause: readError});
    if (!workbook.isWorkbook()) throw new FileError(file, null, "这是一个 zip 压缩包，但不是 Excel 工作簿（.xlsx）");
    const order = workbook.sheetOrder();
    const position = (grid: Grid) => {
      const index = order.indexOf(grid.sheet ?? "");
      return index < 0 ? order.length : index;
    };
    return grids.sort((a, b) => position(a) - position(b));
  } catch (error) {
    for (const writer of writers) await writer.discard();
    if (error instanceof FileError) throw error;
    if (error instanceof SourceError || error instanceof SheetFormatError) {
      const where = currentSheet === null ? "" : `（工作表“${currentSheet}”）`;
      const message = readError ? `读取文件时出错${where}：${(readError as NodeJS.ErrnoException).code ?? (readError as Error).message}` : `${damagedMessage}${where}`;
      const fileError = new FileError(file, currentSheet, message);
      fileError.cause = error;
      throw fileError;
    }
    throw error;
  } finally {
    source.destroy();
    input.destroy();
    if (spoolDir) await rm(spoolDir, {recursive: true, force: true});
  }
};

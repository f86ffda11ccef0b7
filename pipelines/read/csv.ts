import {rmSync, statSync} from "node:fs";
import type {DuckDBConnection} from "@duckdb/node-api";
import {
  detectEncoding,
  encodingLabel,
  fileHasControlBytes,
  readHead,
  transcodeToUtf8,
  type TextEncoding
} from "./encoding.js";
import {columnLabel} from "./column-label.js";
import {describeCsvError, refuseBinary} from "./csv-errors.js";
import {FileError, type Grid, type Reader} from "./types.js";
import {gridDataTable} from "./grid-store.js";
import {removeOrphanedCopies, tempCopyPath} from "./temp-copies.js";
import {sqlFilePath, sqlFilePathWorks, sqlString} from "../warehouse/sql.js";

const delimiters = [",", "\t", ";", "|"] as const;

/** Splits one line on a delimiter, honouring double quotes (enough to count fields in a sample). */
function countFields(line: string, delimiter: string): number {
  let fields = 1;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) fields++;
  }
  return fields;
}

/** The delimiter giving the most fields on the widest sample lines, and that field count. */
export function sniffDelimiter(sample: string): {delimiter: string; columns: number} {
  const lines = sample
    .split(/\r\n|\n|\r/)
    .slice(0, 200)
    .filter((l) => l.trim() !== "");
  let best = {delimiter: ",", columns: 1, score: 0};
  for (const delimiter of delimiters) {
    const counts = lines.map((l) => countFields(l, delimiter));
    const columns = Math.max(1, ...counts);
    const score = counts.filter((c) => c > 1).length * columns;
    if (score > best.score) best = {delimiter, columns, score};
  }
  return {delimiter: best.delimiter, columns: best.columns};
}

const isUtf8 = (encoding: TextEncoding) => encoding === "utf-8" || encoding === "utf-8-bom";

/**
 * Refuses a file whose bytes could not all be decoded, naming the first damaged cell: replacement characters
 * in names or codes would load as wrong data that no check can catch later.
 */
async function refuseUndecodable(
  conn: DuckDBConnection,
  file: string,
  table: string,
  width: number,
  encoding: TextEncoding
) {
  const damaged = Array.from({length: width}, (_, i) => `contains(c${i}, '\uFFFD')`);
  const which = damaged.map((test, i) => `when ${test} then ${i}`).join(" ");
  const reader = await conn.runAndReadAll(
    `select source_row, case ${which} end as col, count(*) over () as n
     from ${table} where ${damaged.join(" or ")} order by source_row limit 1`
  );
  const [row, col, n] = reader.getRows()[0] ?? [];
  const where = row === undefined ? "" : `第 ${Number(row)} 行${columnLabel(Number(col))}`;
  throw new FileError(
    file,
    null,
    `${where}含有无法按 ${encodingLabel(encoding)} 解码的字节${row === undefined ? "" : `（共 ${Number(n)} 行）`}：` +
      "文件可能已损坏，或混入了其他编码的内容。请从原系统重新导出，或在 Excel 中另存为“CSV UTF-8”后再加载"
  );
}

/**
 * CSV → grid. Legacy encodings are transcoded to a temp UTF-8 file first (streaming); DuckDB's read_csv then
 * reads every field as text into `c0 … cn`, with the row number Excel shows as `source_row` (a quoted cell over
 * several lines is one row, as in Excel, though a text editor counts its lines). The
 * parser is strict: an unclosed quote or a row far wider than the rest is refused naming its line, rather
 * than silently merged or cut. Mixed line endings, which the strict parser refuses, are normalised in a copy.
 */
export const readCsv: Reader = async (conn: DuckDBConnection, file: string, {tablePrefix}) => {
  const head = readHead(file);
  if (head.length === 0) throw new FileError(file, null, "文件为空（0 字节）");
  let encoding = detectEncoding(head);
  if (!encoding.startsWith("utf-16")) refuseBinary(file, head);
  const table = `${tablePrefix}_csv`;
  const temp = tempCopyPath(tablePrefix, ".csv");
  const data = await gridDataTable(conn, tablePrefix, table, statSync(file).size);
  let path = file;
  let replaced = 0;
  let normalized = false;
  // Control characters are looked for on the way: in the transcoded copy, or by a scan of the UTF-8 file that
  // runs while DuckDB reads it.
  let controlCharacters: Promise<boolean> | boolean = false;
  const transcode = async (normalizeNewlines = false) => {
    removeOrphanedCopies();
    const copied = await transcodeToUtf8(file, temp, encoding, {normalizeNewlines});
    replaced = copied.replaced;
    controlCharacters = copied.controlCharacters;
    normalized = normalizeNewlines;
    path = temp;
  };
  try {
    // A name DuckDB cannot give its reader (see sqlFilePath) is read from the copy, whatever its encoding.
    if (!isUtf8(encoding) || !sqlFilePathWorks(file)) await transcode();
    else controlCharacters = fileHasControlBytes(file).catch(() => true);
    const sample = path === file ? head.toString("utf8") : readHead(path).toString("utf8");
    const {delimiter, columns} = sniffDelimiter(sample.replace(/^\uFEFF/, ""));
    // Rows a little wider than the sample are read into spare columns; a much wider row is retried once wider.
    let width = columns + 4;
    // DuckDB's parallel scanner cannot pad short rows when a quoted cell holds a line break (refused as
    // "Parameter Not Allowed"); such a file is read again by the single-threaded scanner.
    let parallel = true;
    for (let attempt = 0; ; attempt++) {
      const columnSpec = Array.from({length: width}, (_, i) => `'c${i}': 'VARCHAR'`).join(", ");
      try {
        // DuckDB keeps insertion order, so a record's rowid is its position in the file: no window needed.
        await conn.run(`
          create or replace ${data.create} as
          from read_csv(${sqlFilePath(path)}, header = false, delim = ${sqlString(delimiter)}, quote = '"', escape = '"',
                        columns = {${columnSpec}}, auto_detect = false, null_padding = true, strict_mode = true,
                        encoding = 'utf-8'${parallel ? "" : ", parallel = false"})`);
        break;
      } catch (error) {
        const message = (error as Error).message;
        if (/Invalid unicode/i.test(message) && path === file) {
          encoding = "utf-8";
          await transcode();
          continue;
        }
        if (/quoted new ?lines|parallel ?= ?false/i.test(message) && parallel) {
          parallel = false;
          continue;
        }
        if (/state machine reached an invalid state/i.test(message) && !normalized) {
          await transcode(true);
          continue;
        }
        if (/Expected Number of Columns/i.test(message) && attempt === 0) {
          width = Math.max(width * 4, 64);
          continue;
        }
        throw new FileError(file, null, describeCsvError(message, width));
      }
    }
    await conn.run(
      `create or replace temp view ${table} as select (rowid + 1)::integer as source_row, * from ${data.table}`
    );
    if (replaced > 0) await refuseUndecodable(conn, file, table, width, encoding);
    const grid: Grid = {
      sheet: null,
      table,
      columnCount: width,
      delimiter,
      controlCharacters: await controlCharacters,
      ...(encoding === "big5" ? {note: "按繁体中文 Big5 编码读取"} : {})
    };
    return [grid];
  } catch (error) {
    await conn.run(`drop view if exists ${table}`);
    await conn.run(`drop table if exists ${data.table}`);
    if (error instanceof FileError) throw error;
    throw new FileError(
      file,
      null,
      "无法读取 CSV 文件：文件可能已损坏或不是 CSV，请用 Excel 打开后另存为“CSV UTF-8”再加载"
    );
  } finally {
    rmSync(temp, {force: true});
  }
};

import {rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {detectEncoding, readHead, transcodeToUtf8} from "./encoding.js";
import {FileError, type Grid, type Reader} from "./types.js";
import {sqlString} from "../warehouse/sql.js";

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
  const lines = sample.split(/\r?\n/).slice(0, 200).filter((l) => l.trim() !== "");
  let best = {delimiter: ",", columns: 1, score: 0};
  for (const delimiter of delimiters) {
    const counts = lines.map((l) => countFields(l, delimiter));
    const columns = Math.max(1, ...counts);
    const score = counts.filter((c) => c > 1).length * columns;
    if (score > best.score) best = {delimiter, columns, score};
  }
  return {delimiter: best.delimiter, columns: best.columns};
}

/**
 * CSV → grid. Legacy encodings are transcoded to a temp UTF-8 file first (streaming); DuckDB's read_csv then
 * reads every field as text into `c0 … cn`, with the row number a text editor shows as `source_row`.
 */
export const readCsv: Reader = async (conn: DuckDBConnection, file: string, {tablePrefix}) => {
  const head = readHead(file);
  if (head.length === 0) throw new FileError(file, null, "文件为空");
  const encoding = detectEncoding(head);
  let path = file;
  let temp: string | null = null;
  if (encoding !== "utf-8" && encoding !== "utf-8-bom") {
    temp = join(tmpdir(), `jicai-${process.pid}-${tablePrefix}.csv`);
    await transcodeToUtf8(file, temp, encoding);
    path = temp;
  }
  try {
    const sample = encoding === "utf-8" || encoding === "utf-8-bom" ? head.toString("utf8") : readHead(path).toString("utf8");
    const {delimiter, columns} = sniffDelimiter(sample.replace(/^\uFEFF/, ""));
    // Wider rows further down are tolerated by reading a few spare columns; a row wider still is an error.
    const width = columns + 4;
    const columnSpec = Array.from({length: width}, (_, i) => `'c${i}': 'VARCHAR'`).join(", ");
    const table = `${tablePrefix}_csv`;
    // DuckDB keeps insertion order, so a record's rowid is its position in the file: no window needed.
    await conn.run(`
      create or replace temp table ${table}_data as
      from read_csv(${sqlString(path)}, header = false, delim = ${sqlString(delimiter)}, quote = '"', escape = '"',
                    columns = {${columnSpec}}, auto_detect = false, null_padding = true, strict_mode = false,
                    encoding = 'utf-8')`);
    await conn.run(`create or replace temp view ${table} as select (rowid + 1)::integer as source_row, * from ${table}_data`);
    const grid: Grid = {sheet: null, table, columnCount: width};
    return [grid];
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(file, null, `无法读取 CSV 文件：${(error as Error).message.split("\n")[0]}`);
  } finally {
    if (temp) rmSync(temp, {force: true});
  }
};

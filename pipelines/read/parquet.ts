import {rmSync, symlinkSync} from "node:fs";
import {resolve} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {removeOrphanedCopies, tempCopyPath} from "./temp-copies.js";
import {FileError, type Reader} from "./types.js";
import {gridDataTable, tempGridData} from "./grid-store.js";
import {sqlFilePath, sqlFilePathWorks, sqlIdentifier} from "../warehouse/sql.js";

/** Parquet → grid: columns keep their names as the header and are read as text like every other format. */
export const readParquet: Reader = async (conn: DuckDBConnection, file: string, {tablePrefix}) => {
  const table = `${tablePrefix}_pq`;
  let names: string[];
  let data = tempGridData(table);
  // A name DuckDB cannot give its reader (see sqlFilePath) is read through a link under a plain name.
  const link = sqlFilePathWorks(file) ? null : tempCopyPath(tablePrefix, ".parquet");
  try {
    if (link) {
      removeOrphanedCopies();
      rmSync(link, {force: true});
      symlinkSync(resolve(file), link);
    }
    const path = link ?? file;
    const described = await conn.runAndReadAll(`describe select * from read_parquet(${sqlFilePath(path)})`);
    names = described.getRowObjectsJS().map((r) => String(r.column_name));
    const columns = names.map((name, i) => `${sqlIdentifier(name)}::varchar as c${i}`).join(", ");
    // Its cells' size as text, not the compressed file's, decides where the grid goes.
    const size = await conn.runAndReadAll(
      `select coalesce(sum(total_uncompressed_size), 0) from parquet_metadata(${sqlFilePath(path)})`
    );
    data = await gridDataTable(conn, tablePrefix, table, Number(size.getRows()[0]![0]));
    await conn.run(`create or replace ${data.create} as select ${columns} from read_parquet(${sqlFilePath(path)})`);
  } catch (error) {
    await conn.run(`drop table if exists ${data.table}`);
    const fileError = new FileError(
      file,
      null,
      "无法读取 Parquet 文件：文件已损坏、不完整或不是 Parquet 格式，请从原系统重新导出后再加载"
    );
    // DuckDB's own reason stays out of the message (users never see a library's English text).
    fileError.cause = error;
    throw fileError;
  } finally {
    if (link) rmSync(link, {force: true});
  }
  if (names.length === 0) throw new FileError(file, null, "Parquet 文件中没有任何列");
  await conn.run(
    `create or replace temp view ${table} as select (rowid + 1)::integer as source_row, * from ${data.table}`
  );
  // Parquet strings are not scanned on the way in: every text cell is checked for control characters.
  return [{sheet: null, table, columnCount: names.length, header: names, controlCharacters: true}];
};

import type {DuckDBConnection} from "@duckdb/node-api";
import {FileError, type Reader} from "./types.js";
import {sqlIdentifier, sqlString} from "../warehouse/sql.js";

/** DuckDB's reason without its error class, file path or SQL excerpt: "No magic bytes found at end of file". */
function reasonOf(error: unknown): string {
  const first = (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
  return first
    .replace(/^[\w ]*Error: /, "")
    .replace(/\s*(in|of)? ?(file )?'[^']*'/g, "")
    .trim();
}

/** Parquet → grid: columns keep their names as the header and are read as text like every other format. */
export const readParquet: Reader = async (conn: DuckDBConnection, file: string, {tablePrefix}) => {
  const table = `${tablePrefix}_pq`;
  let names: string[];
  try {
    const described = await conn.runAndReadAll(`describe select * from read_parquet(${sqlString(file)})`);
    names = described.getRowObjectsJS().map((r) => String(r.column_name));
    const columns = names.map((name, i) => `${sqlIdentifier(name)}::varchar as c${i}`).join(", ");
    await conn.run(
      `create or replace temp table ${table}_data as select ${columns} from read_parquet(${sqlString(file)})`
    );
  } catch (error) {
    await conn.run(`drop table if exists ${table}_data`);
    throw new FileError(
      file,
      null,
      `无法读取 Parquet 文件：文件已损坏、不完整或不是 Parquet 格式（${reasonOf(error)}）`
    );
  }
  if (names.length === 0) throw new FileError(file, null, "Parquet 文件中没有任何列");
  await conn.run(
    `create or replace temp view ${table} as select (rowid + 1)::integer as source_row, * from ${table}_data`
  );
  return [{sheet: null, table, columnCount: names.length, header: names}];
};

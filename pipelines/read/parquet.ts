import type {DuckDBConnection} from "@duckdb/node-api";
import {FileError, type Reader} from "./types.js";
import {sqlIdentifier, sqlString} from "../warehouse/sql.js";

/** Parquet → grid: columns keep their names as the header and are read as text like every other format. */
export const readParquet: Reader = async (conn: DuckDBConnection, file: string, {tablePrefix}) => {
  const table = `${tablePrefix}_pq`;
  let names: string[];
  try {
    const described = await conn.runAndReadAll(`describe select * from read_parquet(${sqlString(file)})`);
    names = described.getRowObjectsJS().map((r) => String(r.column_name));
    const columns = names.map((name, i) => `${sqlIdentifier(name)}::varchar as c${i}`).join(", ");
    await conn.run(`create or replace temp table ${table}_data as select ${columns} from read_parquet(${sqlString(file)})`);
  } catch (error) {
    throw new FileError(file, null, `无法读取 Parquet 文件：${(error as Error).message.split("\n")[0]}`);
  }
  await conn.run(`create or replace temp view ${table} as select (rowid + 1)::integer as source_row, * from ${table}_data`);
  return [{sheet: null, table, columnCount: names.length, header: names}];
};

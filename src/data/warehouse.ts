// Shared by the data loaders (not a loader itself): read-only queries on the warehouse with explicit
// conversion of DuckDB values to JSON. The pipeline must have closed the warehouse (single writer).
import {relative} from "node:path";
import type {DuckDBConnection, DuckDBResultReader} from "@duckdb/node-api";
import {openWarehouse, resolveDbPath} from "../../pipelines/warehouse/open.js";

export type JsonValue = string | number | boolean | null;
export type Row = Record<string, JsonValue>;

export interface QueryOptions {
  /** DECIMAL columns to keep as exact decimal strings (money on statements); others become numbers. */
  exact?: readonly string[];
}

export interface ReadOnlyWarehouse {
  query(sql: string, options?: QueryOptions): Promise<Row[]>;
  tableExists(name: string): Promise<boolean>;
}

/** Opens the warehouse (JICAI_DB or data/warehouse.duckdb) read-only, runs `read`, and always closes it. */
export async function withWarehouse<T>(read: (warehouse: ReadOnlyWarehouse) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse(resolveDbPath(), {readOnly: true});
  try {
    return await read({
      query: (sql, options) => queryRows(warehouse.conn, sql, options),
      tableExists: (name) => tableExists(warehouse.conn, name)
    });
  } finally {
    warehouse.close();
  }
}

export async function queryRows(conn: DuckDBConnection, sql: string, options: QueryOptions = {}): Promise<Row[]> {
  return toRows(await conn.runAndReadAll(sql), options);
}

export async function tableExists(conn: DuckDBConnection, name: string): Promise<boolean> {
  const reader = await conn.runAndReadAll(
    "select count(*) as n from information_schema.tables where table_name = $1 and table_schema = 'main'",
    [name]
  );
  return Number(reader.getRows()[0]![0]) > 0;
}

type Converter = (value: unknown) => JsonValue;

/**
 * DuckDB's JSON view gives BIGINT and DECIMAL as strings and dates as text; each column type gets one
 * explicit conversion here so that pages receive numbers they can compute with.
 */
export function toRows(reader: DuckDBResultReader, {exact = []}: QueryOptions = {}): Row[] {
  const names = reader.columnNames();
  const converters = reader.columnTypes().map((type, i) => converterFor(String(type), exact.includes(names[i]!), names[i]!));
  return reader.getRowObjectsJson().map((raw) => {
    const row: Row = {};
    names.forEach((name, i) => (row[name] = converters[i]!(raw[name])));
    return row;
  });
}

function converterFor(type: string, keepExact: boolean, column: string): Converter {
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(type)) {
    return (value) => {
      if (value === null || value === undefined) return null;
      const n = Number(value);
      if (!Number.isSafeInteger(n)) throw new Error(`列 ${column} 的整数 ${String(value)} 超出 JavaScript 安全范围`);
      return n;
    };
  }
  if (type.startsWith("DECIMAL")) {
    return (value) => (value === null || value === undefined ? null : keepExact ? String(value) : Number(value));
  }
  if (type === "DOUBLE" || type === "FLOAT") {
    return (value) => {
      const n = value === null || value === undefined ? null : Number(value);
      return n !== null && Number.isFinite(n) ? n : null;
    };
  }
  if (type === "BOOLEAN") return (value) => (value === null || value === undefined ? null : Boolean(value));
  // VARCHAR, DATE ("2025-03-01"), TIMESTAMP ("2025-03-01 10:11:12") and the rest: their text.
  return (value) => (value === null || value === undefined ? null : String(value));
}

/**
 * The body of every loader: reads the warehouse, writes exactly one JSON document to stdout, and on failure
 * prints a one-line reason (no stack) to stderr and exits non-zero, which stops the build.
 */
export async function emitJson(read: (warehouse: ReadOnlyWarehouse) => Promise<unknown>): Promise<void> {
  try {
    const value = await withWarehouse(read);
    process.stdout.write(JSON.stringify(value));
  } catch (error) {
    process.stderr.write(`数据加载失败（${relative(process.cwd(), process.argv[1] ?? "")}）：${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.JICAI_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}

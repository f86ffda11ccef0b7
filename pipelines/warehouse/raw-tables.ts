import type {DuckDBConnection} from "@duckdb/node-api";
import {columnSqlType, type SourceContract} from "../sources/contract.js";
import {contracts} from "../sources/index.js";

/** The columns every raw table starts with: which load, file, sheet and row each landed row came from. */
export const landingColumns = [
  {name: "load_id", sql: "integer not null"},
  {name: "source_file", sql: "varchar not null"},
  {name: "sheet", sql: "varchar"},
  {name: "source_row", sql: "integer not null"}
] as const;

/** `create table` for a contract's raw table: the landing columns, then the contract's columns in order. */
export function rawTableSql(contract: SourceContract): string {
  const columns = [
    ...landingColumns.map((c) => `${c.name} ${c.sql}`),
    ...contract.columns.map((c) => `${c.name} ${columnSqlType[c.type]}`)
  ];
  return `create table if not exists ${contract.table} (\n    ${columns.join(",\n    ")}\n)`;
}

/** Every column of the warehouse's tables, by table: name → type as `columnSqlType` writes it. */
async function existingColumns(conn: DuckDBConnection): Promise<Map<string, Map<string, string>>> {
  const reader = await conn.runAndReadAll(
    "select table_name, column_name, lower(data_type) from duckdb_columns() where database_name = current_database() and schema_name = 'main'"
  );
  const tables = new Map<string, Map<string, string>>();
  for (const [table, name, type] of reader.getRows()) {
    const columns = tables.get(String(table)) ?? new Map<string, string>();
    columns.set(String(name), String(type).replace(/\s/g, ""));
    tables.set(String(table), columns);
  }
  return tables;
}

/**
 * Brings every raw table in line with its source contract, the one place a source's columns and types are written:
 * creates the tables a fresh warehouse lacks and adds the columns a contract gained since a warehouse was made
 * (a new column is NULL for rows loaded before it existed, or its contract's backfillSql). A column whose type differs from its contract is an
 * error naming it: changing a type needs a migration that says how to convert the rows.
 */
export async function alignRawTables(
  conn: DuckDBConnection,
  all: readonly SourceContract[] = contracts
): Promise<string[]> {
  const changes: string[] = [];
  const tables = await existingColumns(conn);
  for (const contract of all) {
    const existing = tables.get(contract.table) ?? new Map<string, string>();
    if (existing.size === 0) {
      await conn.run(rawTableSql(contract));
      changes.push(`create ${contract.table}`);
      continue;
    }
    for (const column of contract.columns) {
      const type = columnSqlType[column.type];
      const found = existing.get(column.name);
      if (found === undefined) {
        await conn.run(`alter table ${contract.table} add column ${column.name} ${type}`);
        if (column.backfillSql) await conn.run(`update ${contract.table} set ${column.name} = ${column.backfillSql}`);
        changes.push(`add ${contract.table}.${column.name}`);
      } else if (found !== type.replace(/\s/g, "")) {
        throw new Error(
          `${contract.table}.${column.name} 的类型是 ${found}，来源定义要求 ${type}：需要一个迁移说明如何转换已有数据`
        );
      }
    }
  }
  return changes;
}

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

/** A table derived from a source contract: its name and its columns in order, each with its SQL type. */
interface ContractTable {
  table: string;
  columns: {name: string; sql: string; backfillSql?: string}[];
}

/** The contract's raw table: the landing columns, then the contract's columns in order. */
function rawTable(contract: SourceContract): ContractTable {
  return {
    table: contract.table,
    columns: [
      ...landingColumns.map((c) => ({name: c.name, sql: c.sql})),
      ...contract.columns.map((c) => ({name: c.name, sql: columnSqlType[c.type], backfillSql: c.backfillSql}))
    ]
  };
}

/** The replaced rows of a raw table (a raw_* table's replaced_* twin). */
export function replacedTableName(contract: SourceContract): string {
  return contract.table.replace(/^raw_/, "replaced_");
}

/**
 * The contract's replaced table: rows a later load replaced (pipelines/load/replaced-rows.ts), the raw table's
 * columns without their constraints, then the load that replaced them.
 */
function replacedTable(contract: SourceContract): ContractTable {
  return {
    table: replacedTableName(contract),
    columns: [
      ...rawTable(contract).columns.map((c) => ({...c, sql: c.sql.replace(/\s+not null$/, "")})),
      {name: "replaced_by", sql: "integer"}
    ]
  };
}

function createTableSql({table, columns}: ContractTable): string {
  return `create table if not exists ${table} (\n    ${columns.map((c) => `${c.name} ${c.sql}`).join(",\n    ")}\n)`;
}

/** `create table` for a contract's raw table: the landing columns, then the contract's columns in order. */
export function rawTableSql(contract: SourceContract): string {
  return createTableSql(rawTable(contract));
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
 * Brings every raw table, and its replaced_* twin, in line with its source contract, the one place a source's
 * columns and types are written: creates the tables a fresh warehouse lacks and adds the columns a contract gained
 * since a warehouse was made (a new column is NULL for rows loaded before it existed, or its contract's backfillSql).
 * A column whose type differs from its contract is an error naming it: changing a type needs a migration that says
 * how to convert the rows.
 */
export async function alignRawTables(
  conn: DuckDBConnection,
  all: readonly SourceContract[] = contracts
): Promise<string[]> {
  const changes: string[] = [];
  const tables = await existingColumns(conn);
  for (const spec of all.flatMap((contract) => [rawTable(contract), replacedTable(contract)])) {
    const existing = tables.get(spec.table) ?? new Map<string, string>();
    if (existing.size === 0) {
      await conn.run(createTableSql(spec));
      changes.push(`create ${spec.table}`);
      continue;
    }
    for (const column of spec.columns) {
      const type = column.sql.replace(/\s+not null$/, "");
      const found = existing.get(column.name);
      if (found === undefined) {
        await conn.run(`alter table ${spec.table} add column ${column.name} ${type}`);
        if (column.backfillSql)
          await conn.run(
            `update ${spec.table} set ${column.name} = ${column.backfillSql.replaceAll("{table}", spec.table)}`
          );
        changes.push(`add ${spec.table}.${column.name}`);
      } else if (found !== type.replace(/\s/g, "")) {
        throw new Error(
          `${spec.table}.${column.name} 的类型是 ${found}，来源定义要求 ${type}：需要一个迁移说明如何转换已有数据`
        );
      }
    }
  }
  return changes;
}

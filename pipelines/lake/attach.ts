import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {sqlFilePath, sqlIdentifier} from "../warehouse/sql.js";
import {readLakeManifest, type LakeManifest, type LakeTable} from "./manifest.js";

/** A view reading one lake table back with its exported columns, in order, without the partition columns. */
function viewSql(dir: string, table: LakeTable): string {
  const columns = table.columns.map((c) => sqlIdentifier(c.name));
  if (table.files.length === 0) {
    // read_parquet refuses an empty file list; an empty partitioned table is an empty relation of its columns.
    const typed = table.columns.map((c) => `cast(null as ${c.type}) as ${sqlIdentifier(c.name)}`);
    return `select ${typed.join(", ")} where false`;
  }
  const files = table.files.map((f) => sqlFilePath(join(dir, f.path))).join(", ");
  return `select ${columns.join(", ")} from read_parquet([${files}], hive_partitioning = true)`;
}

/**
 * Creates a view per lake table in `layers`, named like the warehouse table, over the files the manifest
 * lists (never a glob: a stray file in the folder is not data). Each view's column types are checked against
 * the manifest, so a lake that reads back differently than it was written is refused.
 */
export async function attachLake(
  conn: DuckDBConnection,
  dir: string,
  {layers = ["raw"]}: {layers?: LakeTable["layer"][]} = {}
): Promise<LakeManifest> {
  const manifest = readLakeManifest(dir);
  for (const table of manifest.tables.filter((t) => layers.includes(t.layer))) {
    await conn.run(`create or replace view ${sqlIdentifier(table.name)} as ${viewSql(dir, table)}`);
    const reader = await conn.runAndReadAll(`describe ${sqlIdentifier(table.name)}`);
    const actual = reader.getRowObjectsJS().map((r) => `${r.column_name} ${r.column_type}`);
    const expected = table.columns.map((c) => `${c.name} ${c.type}`);
    if (actual.join(", ") !== expected.join(", ")) {
      throw new Error(`数据湖表 ${table.name} 的列与清单不符：读出 ${actual.join(", ")}；清单 ${expected.join(", ")}`);
    }
  }
  return manifest;
}

import {existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {dirname, join, relative, resolve, sep} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {sha256File} from "../load/file-hash.js";
import {martColumnLabels, martNames} from "../models/marts.js";
import {sqlFilePath, sqlIdentifier, sqlString} from "../warehouse/sql.js";
import {
  lakeManifestSchema,
  manifestFile,
  readLakeManifest,
  type LakeFile,
  type LakeManifest,
  type LakeTable
} from "./manifest.js";
import {lakeTables, type TableExport} from "./tables.js";

async function rowsOf(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

async function columnsOf(conn: DuckDBConnection, table: string): Promise<LakeTable["columns"]> {
  const rows = await rowsOf(
    conn,
    `select column_name, data_type from duckdb_columns() where schema_name = 'main' and table_name = ${sqlString(table)} order by column_index`
  );
  const labels: Record<string, string> = martNames.includes(table) ? martColumnLabels(table) : {};
  return rows.map((r) => {
    const name = String(r.column_name);
    return {name, type: String(r.data_type), ...(labels[name] ? {label: labels[name]} : {})};
  });
}

function parquetFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile() && e.name.endsWith(".parquet"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** COPY one table into its folder: Hive partitions when it has partition columns, else one file. */
async function copyTable(conn: DuckDBConnection, lake: string, table: TableExport): Promise<LakeTable> {
  const path = `${table.layer}/${table.name}`;
  const folder = join(lake, table.layer, table.name);
  mkdirSync(folder, {recursive: true});
  const options = "format parquet, compression zstd";
  if (table.partitionedBy.length) {
    const derived = table.partitionedBy
      .map((p) => `cast(${p.expression} as ${p.type}) as ${sqlIdentifier(p.name)}`)
      .join(", ");
    const by = table.partitionedBy.map((p) => sqlIdentifier(p.name)).join(", ");
    await conn.run(
      `copy (select *, ${derived} from ${sqlIdentifier(table.name)}) to ${sqlString(folder)} (${options}, partition_by (${by}), overwrite_or_ignore)`
    );
  } else {
    await conn.run(`copy ${sqlIdentifier(table.name)} to ${sqlString(join(folder, "data_0.parquet"))} (${options})`);
  }
  const files: LakeFile[] = [];
  for (const file of parquetFiles(folder)) {
    const [{n}] = (await rowsOf(conn, `select count(*)::bigint as n from read_parquet(${sqlFilePath(file)})`)) as [
      {n: bigint}
    ];
    files.push({
      path: relative(lake, file).split(sep).join("/"),
      bytes: statSync(file).size,
      rows: Number(n),
      sha256: await sha256File(file)
    });
  }
  const [{n}] = (await rowsOf(conn, `select count(*)::bigint as n from ${sqlIdentifier(table.name)}`)) as [{n: bigint}];
  return {
    name: table.name,
    layer: table.layer,
    path,
    partitioned_by: table.partitionedBy,
    rows: Number(n),
    columns: await columnsOf(conn, table.name),
    files
  };
}

export interface ExportLakeOptions {
  /** Replace an existing lake in `out` (only a folder holding a lake manifest is ever removed). */
  overwrite?: boolean;
  onTable?: (table: LakeTable) => void;
}

function prepareTarget(out: string, overwrite: boolean): void {
  if (!existsSync(out)) return;
  if (readdirSync(out).length === 0) return rmSync(out, {recursive: true});
  if (!existsSync(join(out, manifestFile)))
    throw new Error(`${out} 已存在且不是数据湖（没有 ${manifestFile}），不会覆盖`);
  if (!overwrite) throw new Error(`${out} 已有数据湖；加 --overwrite 替换`);
  readLakeManifest(out);
}

/**
 * Writes the warehouse's facts and marts as Parquet (ZSTD) with a manifest: row counts, columns and types, and
 * the sha256 of every file. The lake is written beside `out` and renamed into place at the end, inside one
 * read transaction, so a reader never sees half a lake and every table comes from the same snapshot.
 */
export async function exportLake(
  conn: DuckDBConnection,
  out: string,
  options: ExportLakeOptions = {}
): Promise<LakeManifest> {
  const target = resolve(out);
  prepareTarget(target, options.overwrite ?? false);
  mkdirSync(dirname(target), {recursive: true});
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, {recursive: true, force: true});
  mkdirSync(partial);
  try {
    await conn.run("begin transaction");
    const tables: LakeTable[] = [];
    try {
      for (const table of await lakeTables(conn)) {
        const exported = await copyTable(conn, partial, table);
        tables.push(exported);
        options.onTable?.(exported);
      }
    } finally {
      await conn.run("commit");
    }
    const [{v}] = (await rowsOf(conn, "select version() as v")) as [{v: string}];
    const manifest = lakeManifestSchema.parse({
      format: "jicai-lake",
      version: 2,
      created_at: new Date().toLocaleString("sv-SE"),
      duckdb_version: v,
      compression: "zstd",
      tables
    });
    writeFileSync(join(partial, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(target, {recursive: true, force: true});
    renameSync(partial, target);
    return manifest;
  } finally {
    rmSync(partial, {recursive: true, force: true});
  }
}

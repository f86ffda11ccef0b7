import {mkdirSync, readdirSync, rmdirSync, rmSync} from "node:fs";
import {dirname, join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {isRunning} from "./temp-copies.js";
import {databaseFile} from "../warehouse/durable.js";
import {sqlString} from "../warehouse/sql.js";

/**
 * Where a reader puts a grid's cells. A grid that fits DuckDB's memory limit is a temp table. A larger one (a file
 * of more than 30 % of the limit: its text cells take about twice its bytes in memory) goes into a scratch
 * database file beside the warehouse, attached for this load only: DuckDB compresses it as it writes, instead of
 * spilling uncompressed temp blocks once the limit is reached. Measured on 10 M order lines (2 GB) with a 2 GB
 * limit: loadFile 58 → 46 s and peak memory 2.5 → 1.7 GB. On 2 M lines (400 MB) a temp table is faster (1.5 GB
 * limit: 9.3 s against 11.5 s through the scratch file), so only files above the share below take the scratch file.
 */

const scratchShare = 0.3;
const smallestScratchBytes = 4 * 2 ** 20;

function scratchName(tablePrefix: string): string {
  return `${tablePrefix}_scratch`;
}

function scratchFolder(warehouse: string): string {
  return `${warehouse}.scratch`;
}

const units: Record<string, number> = {
  bytes: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40
};

/** DuckDB's memory limit in bytes (it reports e.g. "1.8 GiB"); null when it cannot be read. */
async function memoryLimitBytes(conn: DuckDBConnection): Promise<number | null> {
  const text = String((await conn.runAndReadAll("select current_setting('memory_limit')")).getRows()[0]?.[0] ?? "");
  const match = /^([\d.]+)\s*([a-z]+)$/i.exec(text.trim());
  const unit = match ? units[match[2]!.toLowerCase()] : undefined;
  return match && unit ? Number(match[1]) * unit : null;
}

/** Removes the scratch files that loads killed mid-way left beside the warehouse (their process is gone). */
function removeOrphanedScratch(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^load_(\d+)_/.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && !isRunning(Number(pid))) rmSync(join(folder, name), {force: true});
  }
}

/** The table of a grid's cells: its name in queries, and what `create or replace` takes to create it. */
export interface GridData {
  table: string;
  create: string;
}

export function tempGridData(name: string): GridData {
  return {table: `${name}_data`, create: `temp table ${name}_data`};
}

/**
 * The table for a grid's cells (`<name>_data`) read from a file of `bytes` bytes: a temp table, or a table of this
 * load's scratch database when the file is large and the warehouse is a file.
 */
export async function gridDataTable(
  conn: DuckDBConnection,
  tablePrefix: string,
  name: string,
  bytes: number
): Promise<GridData> {
  // No memory limit DuckDB can run a load under is four times a file this small: spare the query.
  if (bytes < smallestScratchBytes) return tempGridData(name);
  const limit = await memoryLimitBytes(conn);
  const warehouse = limit !== null && bytes > limit * scratchShare ? await databaseFile(conn) : null;
  if (!warehouse) return tempGridData(name);
  const database = scratchName(tablePrefix);
  try {
    const folder = scratchFolder(warehouse);
    mkdirSync(folder, {recursive: true});
    removeOrphanedScratch(folder);
    const path = join(folder, `${tablePrefix}.duckdb`);
    rmSync(path, {force: true});
    rmSync(`${path}.wal`, {force: true});
    await conn.run(`attach if not exists ${sqlString(path)} as ${database}`);
    return {table: `${database}.${name}_data`, create: `table ${database}.${name}_data`};
  } catch {
    // A folder the load cannot write to: the grid stays in memory and spills as DuckDB does by default.
    return tempGridData(name);
  }
}

/** Detaches and deletes the scratch database of a load, if it had one. */
export async function dropScratch(conn: DuckDBConnection, tablePrefix: string): Promise<void> {
  const database = scratchName(tablePrefix);
  const rows = (
    await conn.runAndReadAll("select path from duckdb_databases() where database_name = $1", [database])
  ).getRows();
  if (rows.length === 0) return;
  await conn.run(`detach ${database}`);
  const path = String(rows[0]![0]);
  rmSync(path, {force: true});
  rmSync(`${path}.wal`, {force: true});
  try {
    rmdirSync(dirname(path));
  } catch {
    // Another load's scratch file is still there.
  }
}

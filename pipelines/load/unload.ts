import {existsSync} from "node:fs";
import {basename, resolve} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {removeLoads} from "./replaced-rows.js";

/** A load `jicai unload` removes, as load_log has it. */
export interface UnloadedLoad {
  load_id: number;
  file: string;
  sheet: string | null;
  source: string | null;
  rows_loaded: number;
  status: string;
}

const logColumns = "load_id, file, sheet, source, rows_loaded, status";

async function logRows(conn: DuckDBConnection, where: string, params: (string | number)[]): Promise<UnloadedLoad[]> {
  const reader = await conn.runAndReadAll(`select ${logColumns} from load_log where ${where} order by load_id`, params);
  return reader.getRowObjectsJS().map((r) => ({
    load_id: Number(r.load_id),
    file: String(r.file),
    sheet: (r.sheet as string | null) ?? null,
    source: (r.source as string | null) ?? null,
    rows_loaded: Number(r.rows_loaded),
    status: String(r.status)
  }));
}

const removable = "status in ('loaded', 'superseded')";

/**
 * The loads one `jicai unload` argument names: a load id (a number that is not a file), or a file — every load
 * of that path, current or superseded by a later version of it; a file no longer on disk may be named by its
 * name alone when one loaded path has it. Throws a Chinese message when there is nothing to remove.
 */
export async function loadsNamed(conn: DuckDBConnection, target: string): Promise<UnloadedLoad[]> {
  if (/^\d+$/.test(target) && !existsSync(target)) {
    const [load] = await logRows(conn, "load_id = $1", [Number(target)]);
    if (!load)
      throw new Error(`没有编号为 ${target} 的载入（载入记录见数据质量页，或 jicai query "select * from load_log"）`);
    if (load.status === "unloaded") throw new Error(`载入 ${target}（${basename(load.file)}）已经撤销过`);
    if (load.status !== "loaded" && load.status !== "superseded")
      throw new Error(`载入 ${target}（${basename(load.file)}）没有载入任何数据（状态：${load.status}）`);
    return [load];
  }
  const byPath = await logRows(conn, `file = $1 and ${removable}`, [resolve(target)]);
  if (byPath.length) return byPath;
  const byName = await logRows(conn, `file_name = $1 and ${removable}`, [basename(target)]);
  const paths = new Set(byName.map((l) => l.file));
  if (paths.size === 1) return byName;
  if (paths.size > 1)
    throw new Error(
      `有 ${paths.size} 个不同路径的文件都叫 ${basename(target)}，请给出完整路径：${[...paths].join("、")}`
    );
  throw new Error(`${target} 没有载入过，或已经撤销（载入记录见数据质量页）`);
}

/**
 * Removes loads in one transaction (replaced-rows.ts): their rows and rejected cells go, load_log keeps them as
 * unloaded, and the rows they replaced come back. Either all of them are removed or nothing changes.
 */
export async function unloadLoads(
  conn: DuckDBConnection,
  loadIds: readonly number[]
): Promise<{removed: number; restored: number}> {
  await conn.run("begin transaction");
  try {
    const counts = await removeLoads(conn, [...new Set(loadIds)]);
    await conn.run("commit");
    return counts;
  } catch (error) {
    await conn.run("rollback");
    throw new Error(`撤销失败，数据仓库未改变：${(error as Error).message.split("\n")[0]}`);
  }
}

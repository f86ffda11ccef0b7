import {mkdirSync} from "node:fs";
import {dirname, resolve} from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {registerCleaningMacros} from "../clean/macros.js";
import {migrate} from "./migrate.js";

export const defaultDbPath = "data/warehouse.duckdb";

/** The warehouse path from `--db`, else `JICAI_DB`, else the default. */
export function resolveDbPath(option?: string): string {
  return resolve(option ?? process.env.JICAI_DB ?? defaultDbPath);
}

export interface Warehouse {
  path: string;
  conn: DuckDBConnection;
  close(): void;
}

/**
 * Opens the warehouse read-write (creating and migrating it as needed) or read-only. DuckDB allows one
 * writer process per file; the lock error is turned into a message that says what to do.
 */
export async function openWarehouse(path: string, {readOnly = false} = {}): Promise<Warehouse> {
  if (!readOnly) mkdirSync(dirname(path), {recursive: true});
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, readOnly ? {access_mode: "READ_ONLY"} : {});
  } catch (error) {
    throw new Error(describeOpenError(path, error));
  }
  const conn = await instance.connect();
  if (!readOnly) await migrate(conn);
  await registerCleaningMacros(conn);
  return {
    path,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    }
  };
}

function describeOpenError(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return `数据仓库正忙：${path} 正被另一个进程${pid ? `（PID ${pid}）` : ""}写入。请等待该加载或构建结束后重试。`;
  }
  if (/No such file|does not exist|Cannot open file/i.test(message)) {
    return `找不到数据仓库 ${path}：请先运行 jicai load 加载数据（或用 --db 指定路径）。`;
  }
  return `无法打开数据仓库 ${path}：${message}`;
}

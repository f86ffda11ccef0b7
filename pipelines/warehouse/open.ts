import {mkdirSync} from "node:fs";
import {dirname, resolve} from "node:path";
import {setTimeout as sleep} from "node:timers/promises";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {migrate} from "./migrate.js";

export const defaultDbPath = "data/warehouse.duckdb";

/** How long a command waits for another process to release the warehouse before giving up. */
export const defaultWaitSeconds = 60;

/** The warehouse path from `--db`, else `JICAI_DB`, else the default. */
export function resolveDbPath(option?: string): string {
  return resolve(option ?? process.env.JICAI_DB ?? defaultDbPath);
}

/** Seconds to wait for a busy warehouse, from `--wait`, else `JICAI_WAIT`, else 60. */
export function resolveWaitSeconds(option?: string): number {
  const text = option ?? process.env.JICAI_WAIT;
  if (text === undefined || text === "") return defaultWaitSeconds;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`等待时间应为不小于 0 的秒数（--wait 或 JICAI_WAIT），收到 “${text}”`);
  }
  return seconds;
}

/**
 * DuckDB's memory limit for our connections, from `JICAI_MEMORY_LIMIT` (e.g. 2GB, 512MB), else 2GB. DuckDB's
 * default (80% of RAM) let a 10-million-line load hold every temp table in memory (14 GB); with a limit the
 * buffer manager spills to `<warehouse>.tmp/` instead, and the machine stays usable for the site and others.
 */
export function resolveMemoryLimit(): string {
  const text = (process.env.JICAI_MEMORY_LIMIT ?? "").trim();
  if (text === "") return "2GB";
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(text)) {
    throw new Error(`JICAI_MEMORY_LIMIT 应为带单位的内存大小，如 2GB 或 512MB，收到 “${text}”`);
  }
  return text;
}

export interface Warehouse {
  path: string;
  conn: DuckDBConnection;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Seconds to wait while another process holds the file; default resolveWaitSeconds(). 0 fails at once. */
  waitSeconds?: number;
  /** Told once when the warehouse is busy and the open starts waiting; default: a line on stderr. */
  onWait?: (message: string) => void;
}

function isLockError(error: unknown): boolean {
  return /Could not set lock|Conflicting lock/i.test(error instanceof Error ? error.message : String(error));
}

/**
 * Opens the warehouse read-write (creating and migrating it as needed) or read-only. DuckDB allows one
 * writer process per file, or several readers: while another process holds the file, the open waits (up to
 * `waitSeconds`, retrying with a growing pause) and then fails with a message that says what to do.
 */
export async function openWarehouse(
  path: string,
  {readOnly = false, waitSeconds, onWait}: OpenOptions = {}
): Promise<Warehouse> {
  if (!readOnly) mkdirSync(dirname(path), {recursive: true});
  const wait = waitSeconds ?? resolveWaitSeconds();
  const started = Date.now();
  const memory = {memory_limit: resolveMemoryLimit()};
  let instance: DuckDBInstance | undefined;
  for (let attempt = 0; !instance; attempt++) {
    try {
      instance = await DuckDBInstance.create(path, readOnly ? {access_mode: "READ_ONLY", ...memory} : memory);
    } catch (error) {
      const left = started + wait * 1000 - Date.now();
      if (!isLockError(error) || left <= 0)
        throw new Error(describeOpenError(path, error, (Date.now() - started) / 1000));
      if (attempt === 0) {
        const told = `数据仓库正忙：${path} 正被${holder(error)}使用，最多等待 ${wait} 秒…`;
        if (onWait) onWait(told);
        else process.stderr.write(`${told}\n`);
      }
      await sleep(Math.min(100 * 2 ** attempt, 2000, left));
    }
  }
  const conn = await instance.connect();
  if (!readOnly) await migrate(conn);
  return {
    path,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    }
  };
}

function holder(error: unknown): string {
  const pid = /PID (\d+)/.exec(error instanceof Error ? error.message : String(error))?.[1];
  return `另一个进程${pid ? `（PID ${pid}）` : ""}`;
}

function describeOpenError(path: string, error: unknown, waited: number): string {
  const message = error instanceof Error ? error.message : String(error);
  if (isLockError(error)) {
    const after = waited >= 1 ? `已等待 ${Math.round(waited)} 秒。` : "";
    return `数据仓库正忙：${path} 正被${holder(error)}使用（加载、刷新或网站构建）。${after}请等待该加载或构建结束后重试；要等得更久，可设置环境变量 JICAI_WAIT=秒数（jicai load 也可用 --wait 秒数）。`;
  }
  if (/No such file|does not exist|Cannot open file/i.test(message)) {
    return `找不到数据仓库 ${path}：请先运行 jicai load 加载数据（或用 --db 指定路径）。`;
  }
  return `无法打开数据仓库 ${path}：${message}`;
}

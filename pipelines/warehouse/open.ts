import {existsSync, mkdirSync} from "node:fs";
import {dirname, resolve} from "node:path";
import {setTimeout as sleep} from "node:timers/promises";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {
  WarehouseBusyError,
  hasCheckpointGuard,
  recoverInterruptedCheckpoint,
  removeUnfinishedGuards,
  restoringByOther
} from "./checkpoint-guard.js";
import {holdFile, releaseFile} from "./duckdb-file.js";
import {noAutomaticCheckpoint} from "./durable.js";
import {userMessage} from "./duckdb-errors.js";
import {removeInterruptedLoads} from "./interrupted-loads.js";
import {resolveMemoryLimit} from "./memory-limit.js";
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
 * DuckDB's worker threads per command, from `JICAI_THREADS` (default: DuckDB's, one per core). One thread makes
 * a process's writes to the warehouse file come from one thread in order, which the crash tests rely on to kill a
 * command at its n-th write; on a shared machine it also keeps a load from taking every core.
 */
export function resolveThreads(): string | undefined {
  const text = (process.env.JICAI_THREADS ?? "").trim();
  if (text === "") return undefined;
  if (!/^[1-9]\d{0,3}$/.test(text)) throw new Error(`JICAI_THREADS 应为正整数，收到 “${text}”`);
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
  /** Told what the open repaired (an interrupted checkpoint or load); default: a line on stderr. */
  onNotice?: (message: string) => void;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isLockError(error: unknown): boolean {
  return /Could not set lock|Conflicting lock/i.test(errorText(error)) || error instanceof WarehouseBusyError;
}

function stderrLine(message: string): void {
  process.stderr.write(`${message}\n`);
}

/**
 * Opens the warehouse read-write (creating and migrating it as needed) or read-only. DuckDB allows one
 * writer process per file, or several readers: while another process holds the file, the open waits (up to
 * `waitSeconds`, retrying with a growing pause) and then fails with a message that says what to do.
 *
 * Before DuckDB reads the file, a checkpoint guard left by a killed command is dealt with (checkpoint-guard.ts);
 * read-write, DuckDB's own checkpoints are switched off (every commit checkpoints itself, durable.ts) and rows
 * of a load whose commit was cut short are removed (interrupted-loads.ts).
 */
export async function openWarehouse(
  path: string,
  {readOnly = false, waitSeconds, onWait, onNotice = stderrLine}: OpenOptions = {}
): Promise<Warehouse> {
  if (!readOnly) mkdirSync(dirname(path), {recursive: true});
  const wait = waitSeconds ?? resolveWaitSeconds();
  const started = Date.now();
  const config: Record<string, string> = {memory_limit: resolveMemoryLimit()};
  const threads = resolveThreads();
  if (threads) config.threads = threads;
  const readOnlyConfig = {...config, access_mode: "READ_ONLY"};
  const writeConfig = {...config, checkpoint_threshold: noAutomaticCheckpoint};
  let instance: DuckDBInstance | undefined;
  for (let attempt = 0; !instance; attempt++) {
    try {
      if (hasCheckpointGuard(path)) {
        const outcome = await recoverInterruptedCheckpoint(path, () => lockHolder(path, readOnlyConfig));
        if (outcome === "restored") onNotice(checkpointRestoredNotice(path));
      }
      const opened = await DuckDBInstance.create(path, readOnly ? readOnlyConfig : writeConfig);
      // Holding the file now, nobody else can start a checkpoint: a guard or a repair seen now is from a process
      // that died (or is still writing the old blocks back) — deal with it before reading anything.
      if (hasCheckpointGuard(path) || restoringByOther(path)) {
        opened.closeSync();
        if (restoringByOther(path)) throw new WarehouseBusyError("另一个进程正在修复数据仓库");
        continue;
      }
      instance = opened;
      holdFile(path);
    } catch (error) {
      const left = started + wait * 1000 - Date.now();
      if (!isLockError(error) || left <= 0)
        throw new Error(describeOpenError(path, error, (Date.now() - started) / 1000, readOnly));
      if (attempt === 0) {
        const told = `数据仓库正忙：${path} 正被${holder(error)}使用，最多等待 ${wait} 秒…`;
        if (onWait) onWait(told);
        else process.stderr.write(`${told}\n`);
      }
      await sleep(Math.min(100 * 2 ** attempt, 2000, left));
    }
  }
  const conn = await instance.connect();
  try {
    if (!readOnly) {
      removeUnfinishedGuards(path);
      await conn.run("pragma disable_checkpoint_on_shutdown");
      await migrate(conn);
      const repaired = await removeInterruptedLoads(conn);
      if (repaired) onNotice(repaired);
    }
  } catch (error) {
    conn.closeSync();
    instance.closeSync();
    releaseFile(path);
    throw error;
  }
  return {
    path,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
      releaseFile(path);
    }
  };
}

/**
 * Opens the file read-only to learn whether another process has it: DuckDB's lock error if so, else null. A file
 * that does not open for another reason (a torn block) is free: nobody can be writing it.
 */
async function lockHolder(path: string, config: Record<string, string>): Promise<string | null> {
  try {
    (await DuckDBInstance.create(path, config)).closeSync();
    return null;
  } catch (error) {
    return isLockError(error) ? errorText(error) : null;
  }
}

function checkpointRestoredNotice(path: string): string {
  return `数据仓库 ${path} 上次写入在提交时被中断：已恢复到中断前的状态（被中断的那次载入或刷新没有生效，请重新运行它）。`;
}

function holder(error: unknown): string {
  const pid = /PID (\d+)/.exec(errorText(error))?.[1];
  return `另一个进程${pid ? `（PID ${pid}）` : ""}`;
}

function describeOpenError(path: string, error: unknown, waited: number, readOnly: boolean): string {
  const message = errorText(error);
  if (isLockError(error)) {
    const after = waited >= 1 ? `已等待 ${Math.round(waited)} 秒。` : "";
    return `数据仓库正忙：${path} 正被${holder(error)}使用（加载、刷新或网站构建）。${after}请等待该加载或构建结束后重试；要等得更久，可设置环境变量 JICAI_WAIT=秒数（jicai load 也可用 --wait 秒数）。`;
  }
  if (existsSync(path) && /Permission denied|Read-only file system|EACCES|EROFS/i.test(message)) {
    return readOnly
      ? `无法读取数据仓库 ${path}：没有读取权限。请让管理员检查该文件（及所在目录）的权限。`
      : `数据仓库 ${path} 是只读的（文件或所在目录没有写入权限，或磁盘以只读方式挂载）：载入、刷新等写入命令无法运行。请让管理员恢复写入权限（如 chmod u+w），查询和导出仍可使用。`;
  }
  if (!existsSync(path) || /No such file|does not exist/i.test(message)) {
    return `找不到数据仓库 ${path}：请先运行 jicai load 加载数据（或用 --db 指定路径）。`;
  }
  return userMessage(error, path);
}

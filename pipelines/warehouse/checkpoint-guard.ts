import {createHash} from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync
} from "node:fs";
import {basename, dirname, join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {isProcessAlive} from "../os/process-alive.js";
import {activeHeader, blockOffset, headerSlotSize, headerSlots, holdFile, isHeld, readAt} from "./duckdb-file.js";

/**
 * A copy of the blocks a DuckDB checkpoint overwrites in place, taken before each checkpoint and written back if
 * the checkpoint dies before its header lands.
 *
 * Why: a checkpoint writes new data to free blocks and then a new header (atomic: the old header stays valid until
 * then) — except DuckDB 1.5's metadata blocks. A 256 KiB metadata block holds 64 small metadata slots; the
 * checkpoint puts its new metadata into the free slots of blocks whose other slots the current header still uses,
 * and rewrites those blocks in place (MetadataManager::Flush). Written whole that is harmless (the used slots
 * keep their bytes), but a write cut short — SIGKILL during the write (the kernel stops a buffered write between
 * pages when a fatal signal is pending), an OOM kill or a power cut — leaves a block whose checksum no longer
 * matches under the old header, and the warehouse no longer opens ("Corrupt database file … in block at
 * location 3944448": the sample warehouse's metadata block 15). A torn header slot does the same. No DuckDB
 * setting avoids it, so we keep the old bytes: `<db>.guard` holds both header slots and every metadata block,
 * with the header iteration they belong to. If the file still opens at that iteration when a guard is found,
 * the checkpoint never finished and the copy is written back, restoring the state before it exactly.
 *
 * Every checkpoint of a warehouse goes through checkpointGuarded (durable.ts); DuckDB's own automatic
 * checkpoints are switched off (open.ts).
 */

export const guardPath = (db: string) => `${db}.guard`;
/** Prefix of the marker (`.<pid>` follows) held while a process writes a guard's blocks back. */
export const restoringPath = (db: string) => `${db}.restoring`;

interface GuardHeader {
  format: "jicai-checkpoint-guard";
  version: 1;
  iteration: number;
  blockAllocSize: number;
  blocks: number[];
  sha256: string;
}

function fsyncDir(path: string): void {
  const fd = openSync(dirname(path), "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `bytes` to `path` durably: a temp file, fsync, rename, fsync of the folder. */
function writeFileDurably(path: string, bytes: Uint8Array): void {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(temp, "w", 0o600);
    try {
      for (let done = 0; done < bytes.byteLength;) done += writeSync(fd, bytes, done, bytes.byteLength - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, {force: true});
    throw error;
  }
  fsyncDir(path);
}

/**
 * Saves the header slots and the metadata blocks of the warehouse as it is on disk now (the last checkpoint), before
 * a checkpoint of `conn`'s database. `conn` lists the metadata blocks; only those below the header's block count
 * exist on disk.
 */
export async function writeCheckpointGuard(conn: DuckDBConnection, db: string): Promise<void> {
  // DuckDB has the file open: read it only through a descriptor that stays open (duckdb-file.ts, holdFile).
  if (!isHeld(db)) holdFile(db);
  const header = activeHeader(db);
  if (!header) throw new Error(`数据仓库文件头已损坏：${db}`);
  const rows = (
    await conn.runAndReadAll(
      "select distinct block_id from pragma_metadata_info() where block_id >= 0 and block_id < $1 order by block_id",
      [header.blockCount]
    )
  ).getRows();
  const blocks = rows.map(([id]) => Number(id));
  const parts = [readAt(db, headerSlots[0], 2 * headerSlotSize)];
  for (const id of blocks) parts.push(readAt(db, blockOffset(id, header.blockAllocSize), header.blockAllocSize));
  const payload = Buffer.concat(parts);
  const meta: GuardHeader = {
    format: "jicai-checkpoint-guard",
    version: 1,
    iteration: header.iteration,
    blockAllocSize: header.blockAllocSize,
    blocks,
    sha256: createHash("sha256").update(payload).digest("hex")
  };
  writeFileDurably(guardPath(db), Buffer.concat([Buffer.from(`${JSON.stringify(meta)}\n`), payload]));
}

/** Drops the guard once the checkpoint has written its header (DuckDB syncs the file before returning). */
export function releaseCheckpointGuard(db: string): void {
  rmSync(guardPath(db), {force: true});
}

function readGuard(db: string): {meta: GuardHeader; payload: Buffer} | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(guardPath(db));
  } catch {
    return null;
  }
  const newline = bytes.indexOf(10);
  try {
    const meta = JSON.parse(bytes.subarray(0, newline).toString("utf8")) as GuardHeader;
    const payload = bytes.subarray(newline + 1);
    const expected = 2 * headerSlotSize + meta.blocks.length * meta.blockAllocSize;
    const intact =
      meta.format === "jicai-checkpoint-guard" &&
      payload.byteLength === expected &&
      createHash("sha256").update(payload).digest("hex") === meta.sha256;
    return intact ? {meta, payload} : null;
  } catch {
    return null;
  }
}

export class WarehouseBusyError extends Error {}

/**
 * The restoring marker is an empty file whose name carries the holder's PID (`<db>.restoring.<pid>`): it must be
 * possible to make it on a full disk, where writing even a few bytes fails.
 */
export function restoringMarkers(db: string): {path: string; pid: number}[] {
  const prefix = `${basename(restoringPath(db))}.`;
  return readdirSync(dirname(db))
    .filter((name) => name.startsWith(prefix))
    .map((name) => ({path: join(dirname(db), name), pid: Number(name.slice(prefix.length))}));
}

/** Takes the restoring marker, or throws WarehouseBusyError while another live process holds one. */
function takeRestoringMarker(db: string): string {
  for (const marker of restoringMarkers(db)) {
    if (marker.pid !== process.pid && isProcessAlive(marker.pid))
      throw new WarehouseBusyError(`PID ${marker.pid} 正在修复数据仓库`);
    rmSync(marker.path, {force: true});
  }
  const mine = `${restoringPath(db)}.${process.pid}`;
  closeSync(openSync(mine, "w"));
  // Two processes may have got here together: the lower PID goes on, the other waits.
  const rival = restoringMarkers(db).find((m) => m.pid !== process.pid && m.pid < process.pid && isProcessAlive(m.pid));
  if (rival) {
    rmSync(mine, {force: true});
    throw new WarehouseBusyError(`PID ${rival.pid} 正在修复数据仓库`);
  }
  return mine;
}

/** Removes guards half-written by a process killed while writing one (call holding the warehouse for writing). */
export function removeUnfinishedGuards(db: string): void {
  const prefix = `${basename(guardPath(db))}.tmp-`;
  for (const name of readdirSync(dirname(db)))
    if (name.startsWith(prefix)) rmSync(join(dirname(db), name), {force: true});
}

export function hasCheckpointGuard(db: string): boolean {
  return existsSync(guardPath(db));
}

/** Another live process is writing a guard back (checked after opening, before any work). */
export function restoringByOther(db: string): boolean {
  return restoringMarkers(db).some((m) => m.pid !== process.pid && isProcessAlive(m.pid));
}

export type GuardOutcome = "stale" | "restored" | "unreadable";

/**
 * Deals with a guard found before opening the warehouse. `probe` opens the file without writing and returns
 * DuckDB's lock error when another process has it open — then the guard is that process's (its checkpoint is
 * running) and nothing is touched. Otherwise no writer can be at work, and: a header newer than the guard means the checkpoint
 * finished (the guard is dropped); the same header means it did not, and the saved bytes are written back.
 */
export async function recoverInterruptedCheckpoint(
  db: string,
  probe: () => Promise<string | null>
): Promise<GuardOutcome> {
  const marker = takeRestoringMarker(db);
  try {
    if (!hasCheckpointGuard(db)) return "stale";
    const busy = await probe();
    if (busy !== null) throw new WarehouseBusyError(busy);
    const guard = readGuard(db);
    if (!guard) {
      releaseCheckpointGuard(db);
      return "unreadable";
    }
    const header = activeHeader(db);
    if (header && header.iteration > guard.meta.iteration) {
      releaseCheckpointGuard(db);
      return "stale";
    }
    const fd = openSync(db, "r+");
    try {
      const write = (bytes: Uint8Array, position: number) => {
        for (let done = 0; done < bytes.byteLength;)
          done += writeSync(fd, bytes, done, bytes.byteLength - done, position + done);
      };
      write(guard.payload.subarray(0, 2 * headerSlotSize), headerSlots[0]);
      guard.meta.blocks.forEach((id, i) => {
        const start = 2 * headerSlotSize + i * guard.meta.blockAllocSize;
        write(
          guard.payload.subarray(start, start + guard.meta.blockAllocSize),
          blockOffset(id, guard.meta.blockAllocSize)
        );
      });
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    releaseCheckpointGuard(db);
    return "restored";
  } finally {
    rmSync(marker, {force: true});
  }
}

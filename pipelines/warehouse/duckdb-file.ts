import {closeSync, openSync, readSync} from "node:fs";
import {resolve} from "node:path";

/**
 * The few facts of DuckDB's single-file layout (storage version 64+, DuckDB 1.x) the checkpoint guard needs: the
 * two database headers, each a 4 KiB slot holding a checksum and the checkpoint iteration it describes, and
 * where each 256 KiB block lives. No library reads these; DuckDB itself only exposes them by opening the file,
 * which is exactly what fails when a checkpoint was torn. Layout: a main header at 0, database headers at 4096
 * and 8192, blocks from 12288 on, every header and block starting with a checksum of the bytes after it.
 */
export const headerSlotSize = 4096;
export const headerSlots = [4096, 8192] as const;
export const blocksStart = 3 * headerSlotSize;

const multiplier = 0xbf58476d1ce4e5b9n;
const mask64 = (1n << 64n) - 1n;

/**
 * DuckDB's checksum (common/checksum.cpp): 5381 XOR-folded with each little-endian 64-bit word times a constant.
 * Headers and blocks are whole words long, so the byte-tail hash DuckDB applies to odd lengths is never needed.
 */
export function duckdbChecksum(bytes: Uint8Array): bigint {
  if (bytes.byteLength % 8 !== 0) throw new Error("DuckDB checksums cover whole 64-bit words");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let result = 5381n;
  for (let i = 0; i < bytes.byteLength; i += 8) result ^= (view.getBigUint64(i, true) * multiplier) & mask64;
  return result;
}

/** Whether a header slot or block (checksum first, then the bytes it covers) is intact. */
export function checksumValid(bytes: Uint8Array): boolean {
  const stored = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  return stored === duckdbChecksum(bytes.subarray(8));
}

export interface DatabaseHeader {
  /** The checkpoint this header describes; DuckDB uses the intact slot with the highest. */
  iteration: number;
  /** Blocks in use by this checkpoint's file (block ids below it). */
  blockCount: number;
  /** Bytes per block on disk, checksum included (262144 by default). */
  blockAllocSize: number;
}

/** One header slot's fields, or null when its checksum fails (a torn or never-written slot). */
export function parseHeaderSlot(slot: Uint8Array): DatabaseHeader | null {
  if (slot.byteLength < headerSlotSize || !checksumValid(slot.subarray(0, headerSlotSize))) return null;
  const view = new DataView(slot.buffer, slot.byteOffset + 8, 56);
  // DatabaseHeader::Write: iteration, meta_block, free_list, block_count, block_alloc_size, vector_size, …
  return {
    iteration: Number(view.getBigUint64(0, true)),
    blockCount: Number(view.getBigUint64(24, true)),
    blockAllocSize: Number(view.getBigUint64(32, true))
  };
}

/**
 * Descriptors kept open on warehouse files this process has open in DuckDB. DuckDB locks the file with fcntl,
 * and POSIX drops every lock a process holds on a file when the process closes *any* descriptor of it: reading
 * the header through a descriptor of our own and closing it would hand the warehouse to a second writer while
 * this one is still at work (seen: two concurrent loads both got load_id 1). So while DuckDB has the file, we
 * read it through one descriptor that is closed only after DuckDB has let go (holdFile / releaseFile).
 */
const held = new Map<string, {fd: number; users: number}>();

/** Opens (once per process) the descriptor reads of `path` use while DuckDB has it open. */
export function holdFile(path: string): void {
  const key = resolve(path);
  const entry = held.get(key) ?? {fd: openSync(key, "r"), users: 0};
  entry.users++;
  held.set(key, entry);
}

export function isHeld(path: string): boolean {
  return held.has(resolve(path));
}

/** Call after DuckDB has closed the file. */
export function releaseFile(path: string): void {
  const key = resolve(path);
  const entry = held.get(key);
  if (!entry || --entry.users > 0) return;
  held.delete(key);
  closeSync(entry.fd);
}

/** Reads `length` bytes at `position` (fewer at the end of the file). */
export function readAt(path: string, position: number, length: number): Uint8Array {
  const kept = held.get(resolve(path))?.fd;
  const fd = kept ?? openSync(path, "r");
  try {
    const bytes = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, bytes, done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return bytes.subarray(0, done);
  } finally {
    if (kept === undefined) closeSync(fd);
  }
}

/** The header DuckDB will open the file with: the intact slot of the highest iteration; null if neither is intact. */
export function activeHeader(path: string): DatabaseHeader | null {
  const slots = readAt(path, headerSlots[0], 2 * headerSlotSize);
  const parsed = [slots.subarray(0, headerSlotSize), slots.subarray(headerSlotSize)].map(parseHeaderSlot);
  return parsed.reduce<DatabaseHeader | null>(
    (best, h) => (h && (!best || h.iteration > best.iteration) ? h : best),
    null
  );
}

/** Byte offset of a block in the file. */
export function blockOffset(blockId: number, blockAllocSize: number): number {
  return blocksStart + blockId * blockAllocSize;
}

import {createReadStream} from "node:fs";
import {open} from "node:fs/promises";
import {pipeline, Readable, Transform} from "node:stream";
import {crc32, createInflateRaw} from "node:zlib";

/**
 * Random access to the parts of a zip through its central directory (the index at the end of the file).
 * Used instead of exceljs's forward-only unzipper stream, which hangs on a file cut short (it reports
 * FILE_ENDED only on the parser) and can drop the last small parts when the parser gets ahead of the reader
 * (it emits "end" when its input finishes, not when its entries have been read). With the index, parts are
 * read in the order a workbook needs them, sheets stream straight from the file, and a truncated or damaged
 * file is refused before any row is read.
 */

/** The bytes are not a readable zip (no index, bad offsets, bad checksum, unsupported compression). */
export class ZipError extends Error {}

export interface ZipPart {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const eocdSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EocdSignature = 0x06064b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;

async function readAt(handle: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const {bytesRead} = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new ZipError("unexpected end of file");
  return buffer;
}

/** Zip64 sizes and offset from a central directory entry's extra field, for values saturated at 0xFFFFFFFF. */
function applyZip64(part: ZipPart, extra: Buffer): void {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const size = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const next = () => {
        const value = Number(extra.readBigUInt64LE(q));
        q += 8;
        return value;
      };
      if (part.uncompressedSize === 0xffffffff) part.uncompressedSize = next();
      if (part.compressedSize === 0xffffffff) part.compressedSize = next();
      if (part.localHeaderOffset === 0xffffffff) part.localHeaderOffset = next();
      return;
    }
    p += 4 + size;
  }
}

/** Reads the central directory of a zip file: its parts by name. */
export async function readZipDirectory(file: string): Promise<Map<string, ZipPart>> {
  const handle = await open(file, "r");
  try {
    const {size} = await handle.stat();
    // The end record is 22 bytes plus a comment of up to 65 535 bytes, at the very end.
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = await readAt(handle, size - tailLength, tailLength);
    let eocd = -1;
    for (let p = tail.length - 22; p >= 0; p--) {
      if (tail.readUInt32LE(p) === eocdSignature) {
        eocd = p;
        break;
      }
    }
    if (eocd < 0) throw new ZipError("no central directory (file incomplete or not a zip)");
    let count = tail.readUInt16LE(eocd + 10);
    let directorySize = tail.readUInt32LE(eocd + 12);
    let directoryOffset = tail.readUInt32LE(eocd + 16);
    if (directoryOffset === 0xffffffff || count === 0xffff) {
      const locator = eocd - 20;
      if (locator < 0 || tail.readUInt32LE(locator) !== zip64LocatorSignature)
        throw new ZipError("zip64 locator missing");
      const record = await readAt(handle, Number(tail.readBigUInt64LE(locator + 8)), 56);
      if (record.readUInt32LE(0) !== zip64EocdSignature) throw new ZipError("zip64 end record missing");
      count = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }
    if (directoryOffset + directorySize > size) throw new ZipError("central directory beyond end of file");
    const directory = await readAt(handle, directoryOffset, directorySize);
    const parts = new Map<string, ZipPart>();
    for (let p = 0, i = 0; i < count; i++) {
      if (p + 46 > directory.length || directory.readUInt32LE(p) !== centralSignature)
        throw new ZipError("damaged central directory");
      const nameLength = directory.readUInt16LE(p + 28);
      const extraLength = directory.readUInt16LE(p + 30);
      const commentLength = directory.readUInt16LE(p + 32);
      const part: ZipPart = {
        name: directory.toString("utf8", p + 46, p + 46 + nameLength).replace(/\\/g, "/"),
        flags: directory.readUInt16LE(p + 8),
        method: directory.readUInt16LE(p + 10),
        crc: directory.readUInt32LE(p + 16),
        compressedSize: directory.readUInt32LE(p + 20),
        uncompressedSize: directory.readUInt32LE(p + 24),
        localHeaderOffset: directory.readUInt32LE(p + 42)
      };
      applyZip64(part, directory.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
      parts.set(part.name, part);
      p += 46 + nameLength + extraLength + commentLength;
    }
    return parts;
  } finally {
    await handle.close();
  }
}

/** Passes bytes through, checking their count and CRC-32 against the central directory at the end. */
function checked(part: ZipPart): Transform {
  let crc = 0;
  let length = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      crc = crc32(chunk, crc);
      length += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      if (length !== part.uncompressedSize || crc >>> 0 !== part.crc >>> 0)
        callback(new ZipError(`${part.name}: checksum mismatch`));
      else callback();
    }
  });
}

/** A stream of one part's uncompressed bytes; it errors (never hangs) if the bytes are damaged or cut short. */
export async function openZipPart(file: string, part: ZipPart): Promise<Readable> {
  if (part.flags & 0x1) throw new ZipError(`${part.name}: encrypted`);
  if (part.method !== 0 && part.method !== 8) throw new ZipError(`${part.name}: compression method ${part.method}`);
  const handle = await open(file, "r");
  let dataStart: number;
  try {
    const header = await readAt(handle, part.localHeaderOffset, 30);
    if (header.readUInt32LE(0) !== localSignature) throw new ZipError(`${part.name}: bad local header`);
    dataStart = part.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  const source =
    part.compressedSize === 0
      ? Readable.from([])
      : createReadStream(file, {start: dataStart, end: dataStart + part.compressedSize - 1, highWaterMark: 256 * 1024});
  const check = checked(part);
  // pipeline() destroys every stage with the first error, so the consumer's read fails instead of waiting.
  const done = () => {};
  if (part.method === 8 && part.compressedSize > 0)
    pipeline(source, createInflateRaw({chunkSize: 64 * 1024}), check, done);
  else pipeline(source, check, done);
  return check;
}

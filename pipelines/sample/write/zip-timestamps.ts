import {closeSync, fstatSync, openSync, readSync, writeSync} from "node:fs";

/**
 * Sets every entry's DOS modification time in a zip file (an .xlsx) to one fixed moment, in place. exceljs
 * stamps entries with the current time; with this the same inputs give byte-identical workbooks.
 * Patches the central directory and each local header it points to; no other byte changes.
 */
export function normalizeZipTimestamps(path: string, when = {year: 2026, month: 11, day: 1}): void {
  const dosTime = 0;
  const dosDate = ((when.year - 1980) << 9) | (when.month << 5) | when.day;
  const fd = openSync(path, "r+");
  try {
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${path}: not a zip file`);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    const stamp = Buffer.alloc(4);
    stamp.writeUInt16LE(dosTime, 0);
    stamp.writeUInt16LE(dosDate, 2);
    let p = 0;
    for (let i = 0; i < entries; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
      stamp.copy(cd, p + 12);
      const localOffset = cd.readUInt32LE(p + 42);
      writeSync(fd, stamp, 0, 4, localOffset + 10);
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    writeSync(fd, cd, 0, cdSize, cdOffset);
  } finally {
    closeSync(fd);
  }
}

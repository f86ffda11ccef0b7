// A minimal zip writer for downloads made in the browser (the .xlsx of a table): entries are stored without
// compression, names in UTF-8. A few kilobytes instead of bundling a zip library; a filtered table of a few
// thousand rows stays well under a megabyte even uncompressed.

export interface ZipEntry {
  /** Path inside the archive, e.g. "xl/workbook.xml". */
  name: string;
  data: Uint8Array;
}

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) as zip stores it. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** DOS date and time fields of a Date (local time, 2-second resolution). */
function dosDateTime(date: Date): {time: number; day: number} {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    day: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate()
  };
}

/** The whole archive: local headers with data, then the central directory and its end record. */
export function zipStore(entries: readonly ZipEntry[], modified = new Date()): Uint8Array {
  const encoder = new TextEncoder();
  const {time, day} = dosDateTime(modified);
  const prepared = entries.map((entry) => ({
    name: encoder.encode(entry.name),
    data: entry.data,
    crc: crc32(entry.data)
  }));
  const localSize = prepared.reduce((sum, e) => sum + 30 + e.name.length + e.data.length, 0);
  const centralSize = prepared.reduce((sum, e) => sum + 46 + e.name.length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let offset = 0;
  const offsets: number[] = [];

  const common = (at: number, e: (typeof prepared)[number]) => {
    view.setUint16(at, 20, true); // version needed: 2.0
    view.setUint16(at + 2, 0x0800, true); // flags: names are UTF-8
    view.setUint16(at + 4, 0, true); // method: stored
    view.setUint16(at + 6, time, true);
    view.setUint16(at + 8, day, true);
    view.setUint32(at + 10, e.crc, true);
    view.setUint32(at + 14, e.data.length, true); // compressed size
    view.setUint32(at + 18, e.data.length, true); // uncompressed size
    view.setUint16(at + 22, e.name.length, true);
    view.setUint16(at + 24, 0, true); // extra field length
  };

  for (const e of prepared) {
    offsets.push(offset);
    view.setUint32(offset, 0x04034b50, true);
    common(offset + 4, e);
    out.set(e.name, offset + 30);
    out.set(e.data, offset + 30 + e.name.length);
    offset += 30 + e.name.length + e.data.length;
  }
  const centralStart = offset;
  prepared.forEach((e, i) => {
    view.setUint32(offset, 0x02014b50, true);
    view.setUint16(offset + 4, 20, true); // version made by
    common(offset + 6, e);
    // comment length, disk number, internal and external attributes: zero
    view.setUint32(offset + 42, offsets[i]!, true);
    out.set(e.name, offset + 46);
    offset += 46 + e.name.length;
  });
  view.setUint32(offset, 0x06054b50, true);
  view.setUint16(offset + 8, prepared.length, true);
  view.setUint16(offset + 10, prepared.length, true);
  view.setUint32(offset + 12, offset - centralStart, true);
  view.setUint32(offset + 16, centralStart, true);
  return out;
}

import {createReadStream, createWriteStream, openSync, readSync, closeSync} from "node:fs";
import {once} from "node:events";

export type TextEncoding = "utf-8" | "utf-8-bom" | "gb18030" | "utf-16le" | "utf-16be";

/** Reads the first bytes of a file. */
export function readHead(file: string, size = 256 * 1024): Buffer {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(size);
    const n = readSync(fd, buffer, 0, size, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Tells UTF-8 (with or without BOM) from GBK/GB18030 (what Excel on Chinese Windows writes) and UTF-16 (BOM).
 * A sample that is not valid UTF-8 is taken as GB18030, a superset of GBK and GB2312.
 */
export function detectEncoding(head: Buffer): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8-bom";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  // Drop a possibly cut multi-byte character at the end of the sample.
  let end = head.length;
  if (end === 256 * 1024) {
    let back = 0;
    while (back < 4 && end - back - 1 >= 0 && (head[end - back - 1]! & 0xc0) === 0x80) back++;
    end = Math.max(0, end - back - 1);
  }
  try {
    new TextDecoder("utf-8", {fatal: true}).decode(head.subarray(0, end));
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

/**
 * Streams a file in a legacy encoding into a UTF-8 copy for DuckDB's reader, chunk by chunk, so memory stays
 * flat however large the file is. Returns the number of replacement characters (undecodable bytes) met.
 */
export async function transcodeToUtf8(source: string, target: string, encoding: TextEncoding): Promise<number> {
  const decoder = new TextDecoder(encoding === "utf-16be" ? "utf-16be" : encoding === "utf-16le" ? "utf-16le" : "gb18030");
  const out = createWriteStream(target);
  let replaced = 0;
  const write = async (text: string) => {
    for (let i = text.indexOf("\uFFFD"); i >= 0; i = text.indexOf("\uFFFD", i + 1)) replaced++;
    if (!out.write(text)) await once(out, "drain");
  };
  let first = true;
  for await (const chunk of createReadStream(source, {highWaterMark: 4 * 1024 * 1024})) {
    let text = decoder.decode(chunk as Buffer, {stream: true});
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    await write(text);
  }
  await write(decoder.decode());
  out.end();
  await once(out, "finish");
  return replaced;
}

import {createReadStream, createWriteStream, openSync, readSync, closeSync} from "node:fs";
import {once} from "node:events";

export type TextEncoding = "utf-8" | "utf-8-bom" | "gb18030" | "big5" | "utf-16le" | "utf-16be";

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
 * UTF-16 without a byte-order mark, told by its zero bytes: in CSV text (commas, digits, Latin letters) every
 * other byte of UTF-16 is 0, while UTF-8 and GBK text has none.
 */
function utf16WithoutBom(head: Buffer): "utf-16le" | "utf-16be" | null {
  const n = Math.min(head.length, 64 * 1024) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.2 && evenZeros <= pairs * 0.02) return "utf-16le";
  if (evenZeros >= pairs * 0.2 && oddZeros <= pairs * 0.02) return "utf-16be";
  return null;
}

/**
 * Valid multi-byte characters and invalid sequences in a UTF-8 reading of the bytes. GBK text read as UTF-8 is
 * mostly invalid; UTF-8 text with a few damaged bytes is mostly valid.
 */
function utf8Validity(bytes: Buffer): {valid: number; invalid: number} {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 1) {
      i++;
      continue;
    }
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += length;
    } else {
      invalid++;
      i++;
    }
  }
  return {valid, invalid};
}

/**
 * Whether legacy double-byte text is Big5 (traditional Chinese, from Taiwan or Hong Kong systems) rather than
 * GBK. GB18030 decodes almost any byte pair, so Big5 read as GBK gives no error, only nonsense. The two code
 * tables' layouts tell them apart: simplified text in GBK lies almost wholly in GB2312 (hanzi rows B0–F7,
 * punctuation rows A1 and A3, second byte A1–FE), while Big5's common hanzi (A440–C67E) put about 40% of their
 * second bytes in 40–7E and many first bytes in A4–AF, outside it. Big5 needs both signs: little GB2312, and
 * a Big5 reading that is valid and mostly common hanzi. chardet's ICU detectors tell them apart too, but run
 * every recogniser (35–125 ms a file); this needs only these two tables.
 */
function isBig5(bytes: Buffer): boolean {
  let gbPairs = 0;
  let gb2312 = 0;
  for (let i = 0; i + 1 < bytes.length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const trail = bytes[i + 1]!;
    gbPairs++;
    if (trail >= 0x30 && trail <= 0x39) {
      i += 4; // a GB18030 four-byte sequence
      continue;
    }
    if ((lead === 0xa1 || lead === 0xa3 || (lead >= 0xb0 && lead <= 0xf7)) && trail >= 0xa1 && trail <= 0xfe) gb2312++;
    i += 2;
  }
  if (gbPairs < 4 || gb2312 * 2 >= gbPairs) return false;
  let big5Pairs = 0;
  let common = 0;
  let invalid = 0;
  for (let i = 0; i + 1 < bytes.length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const trail = bytes[i + 1]!;
    if (lead === 0x80 || lead === 0xff || !((trail >= 0x40 && trail <= 0x7e) || (trail >= 0xa1 && trail <= 0xfe))) {
      invalid++;
      i++;
      continue;
    }
    big5Pairs++;
    const code = (lead << 8) | trail;
    if (code >= 0xa140 && code <= 0xc67e) common++;
    i += 2;
  }
  return invalid * 100 <= big5Pairs && common * 10 >= big5Pairs * 9;
}

/**
 * Tells UTF-8 (with or without BOM) from GBK/GB18030 (what Excel on Chinese Windows writes), Big5 and UTF-16
 * (with or without BOM). A sample that is mostly valid UTF-8 is UTF-8, even with a few damaged bytes (the
 * reader then names where they are); otherwise it is GB18030, a superset of GBK and GB2312, unless it reads
 * clearly as Big5.
 */
export function detectEncoding(head: Buffer): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8-bom";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  const utf16 = utf16WithoutBom(head);
  if (utf16) return utf16;
  // Drop a possibly cut multi-byte character at the end of the sample.
  let end = head.length;
  if (end === 256 * 1024) {
    let back = 0;
    while (back < 4 && end - back - 1 >= 0 && (head[end - back - 1]! & 0xc0) === 0x80) back++;
    end = Math.max(0, end - back - 1);
  }
  const {valid, invalid} = utf8Validity(head.subarray(0, end));
  if (invalid === 0 || valid >= invalid * 20) return "utf-8";
  return isBig5(head.subarray(0, 64 * 1024)) ? "big5" : "gb18030";
}

/** The encoding's name as a user knows it, for messages. */
export function encodingLabel(encoding: TextEncoding): string {
  return {
    "utf-8": "UTF-8",
    "utf-8-bom": "UTF-8",
    gb18030: "GBK/GB18030",
    big5: "繁体中文 Big5",
    "utf-16le": "UTF-16",
    "utf-16be": "UTF-16"
  }[encoding];
}

/**
 * Characters a cell should never hold: C0 controls except tab, line feed and carriage return, and the
 * noncharacters U+FFFE and U+FFFF — none of which XML can carry (an export holding one loses rows in
 * LibreOffice). Excel shows nothing for them, yet a code or name carrying one matches nothing it should (a
 * NUL byte from a fixed-width export, a BEL from a terminal). A reader that sees one marks its grid, and the
 * load rejects the cells holding them; a clean file pays only this scan. DEL (U+007F) is not among them: XML
 * carries it, and real platform exports hold it inside names (海南's drug list, six cells).
 */
export const controlCharacter = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

const controlBytes = Array.from({length: 32}, (_, b) => b).filter((b) => b !== 9 && b !== 10 && b !== 13);
const nonCharacters = [Buffer.from("\uFFFE"), Buffer.from("\uFFFF")];

/**
 * Whether UTF-8 bytes hold a control character (in UTF-8 such bytes are never part of another character) or
 * U+FFFE/U+FFFF. One native search per byte value over a cache-sized slice: twice as fast as a loop over
 * every byte.
 */
export function hasControlByte(bytes: Buffer): boolean {
  const step = 256 * 1024;
  for (let start = 0; start < bytes.length; start += step) {
    const slice = bytes.subarray(start, start + step);
    for (const b of controlBytes) if (slice.indexOf(b) >= 0) return true;
    // Three bytes each: the slice runs on by two so that none is cut between slices.
    const overlapping = bytes.subarray(start, start + step + 2);
    for (const c of nonCharacters) if (overlapping.indexOf(c) >= 0) return true;
  }
  return false;
}

/** Whether a UTF-8 file holds a control character, streamed (for a file DuckDB reads without a transcoded copy). */
export async function fileHasControlBytes(file: string): Promise<boolean> {
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, {highWaterMark: 4 * 1024 * 1024})) {
    const bytes = chunk as Buffer;
    if (hasControlByte(bytes) || hasControlByte(Buffer.concat([tail, bytes.subarray(0, 2)]))) return true;
    tail = bytes.subarray(Math.max(0, bytes.length - 2));
  }
  return false;
}

/**
 * Streams a file in a legacy encoding into a UTF-8 copy for DuckDB's reader, chunk by chunk, so memory stays
 * flat however large the file is. Returns the number of replacement characters (undecodable bytes) met; a
 * UTF-8 source is copied the same way, its damaged bytes becoming replacement characters. With
 * `normalizeNewlines`, CR LF and a lone CR become LF (a file pieced together from several systems mixes them,
 * which DuckDB's strict parser refuses). Also says whether the text holds a control character.
 */
export async function transcodeToUtf8(
  source: string,
  target: string,
  encoding: TextEncoding,
  {normalizeNewlines = false} = {}
): Promise<{replaced: number; controlCharacters: boolean}> {
  const decoder = new TextDecoder(encoding === "utf-8-bom" ? "utf-8" : encoding);
  const out = createWriteStream(target);
  let replaced = 0;
  let controlCharacters = false;
  let pendingCr = false;
  const write = async (text: string) => {
    for (let i = text.indexOf("\uFFFD"); i >= 0; i = text.indexOf("\uFFFD", i + 1)) replaced++;
    if (!controlCharacters) controlCharacters = controlCharacter.test(text);
    if (normalizeNewlines) {
      // A CR at the end of a chunk may be the first half of a CR LF split across chunks.
      text = (pendingCr ? "\r" : "") + text;
      pendingCr = text.endsWith("\r");
      if (pendingCr) text = text.slice(0, -1);
      text = text.replace(/\r\n?/g, "\n");
    }
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
  if (pendingCr) out.write("\n");
  out.end();
  await once(out, "finish");
  return {replaced, controlCharacters};
}

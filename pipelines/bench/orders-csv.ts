import {closeSync, createReadStream, mkdirSync, openSync, readdirSync, writeFileSync, writeSync} from "node:fs";
import {join} from "node:path";
import iconv from "iconv-lite";

/** The sample's quarterly order files (…采购明细_2025年第1季度.csv) in date order. */
export function orderFilesOf(sampleDir: string): string[] {
  const quarter = /采购明细_(\d{4})年第(\d)季度\.csv$/;
  const files = readdirSync(sampleDir)
    .map((name) => ({name, match: quarter.exec(name)}))
    .filter((f) => f.match !== null)
    .sort((a, b) => Number(a.match![1]) - Number(b.match![1]) || Number(a.match![2]) - Number(b.match![2]));
  if (files.length === 0) throw new Error(`${sampleDir} 中没有采购明细文件`);
  return files.map((f) => join(sampleDir, f.name));
}

/** Complete lines of a text file (without their CR LF), a few MB at a time, decoded from `encoding`. */
async function* lineBatches(file: string, encoding: "utf-8" | "gb18030"): AsyncGenerator<string[]> {
  const decoder = new TextDecoder(encoding);
  let tail = "";
  for await (const chunk of createReadStream(file, {highWaterMark: 4 << 20})) {
    const text = tail + decoder.decode(chunk as Buffer, {stream: true});
    const lines = text.split("\n");
    tail = lines.pop()!;
    yield lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  }
  const last = tail + decoder.decode();
  if (last !== "") yield [last.endsWith("\r") ? last.slice(0, -1) : last];
}

/** Writes lines with CR LF in the given encoding (GBK through iconv-lite). */
class LineWriter {
  private readonly fd: number;
  constructor(
    path: string,
    private readonly encoding: "utf8" | "gbk"
  ) {
    this.fd = openSync(path, "w");
  }
  write(lines: string[]): void {
    if (lines.length === 0) return;
    const text = `${lines.join("\r\n")}\r\n`;
    const bytes = this.encoding === "gbk" ? iconv.encode(text, "gbk") : Buffer.from(text, "utf8");
    for (let offset = 0; offset < bytes.length;) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
  }
  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Header plus the first `lines` data lines of `sources` (each with its own header line, which is dropped
 * after the first file), transcoded into one file. Throws when the sources hold fewer lines. Order lines
 * carry no quoted line breaks, so a text line is a record.
 */
export async function concatenateLines(
  sources: string[],
  target: string,
  lines: number,
  {from, to, mapLine}: {from: "utf-8" | "gb18030"; to: "utf8" | "gbk"; mapLine?: (line: string) => string}
): Promise<void> {
  const out = new LineWriter(target, to);
  let written = 0;
  try {
    for (const [i, source] of sources.entries()) {
      let first = true;
      for await (const batch of lineBatches(source, from)) {
        let keep = batch;
        if (first) {
          first = false;
          if (i > 0) keep = keep.slice(1);
          else {
            out.write(keep.slice(0, 1));
            keep = keep.slice(1);
          }
        }
        keep = keep.filter((l) => l !== "").slice(0, lines - written);
        out.write(mapLine ? keep.map(mapLine) : keep);
        written += keep.length;
        if (written >= lines) return;
      }
    }
    throw new Error(`输入只有 ${written} 行数据，不足 ${lines} 行`);
  } finally {
    out.close();
  }
}

/**
 * `count` one-line CSVs (the header and one data line each) from the first lines of a UTF-8 CSV: a folder of many
 * small files, as a hospital system exporting one file per order leaves them.
 */
export async function splitIntoFiles(source: string, targetDir: string, count: number): Promise<void> {
  mkdirSync(targetDir, {recursive: true});
  let header: string | null = null;
  let written = 0;
  for await (const batch of lineBatches(source, "utf-8")) {
    for (const line of batch) {
      if (line === "") continue;
      if (header === null) {
        header = line;
        continue;
      }
      writeFileSync(`${targetDir}/orders-${String(++written).padStart(6, "0")}.csv`, `${header}\r\n${line}\r\n`);
      if (written === count) return;
    }
  }
  throw new Error(`输入只有 ${written} 行数据，不足 ${count} 行`);
}

/** Splits one CSV line into fields (double quotes, "" escapes); enough for the generated order lines. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

const datePattern = /^(\d{4})(?:年|\.|\/)(\d{1,2})(?:月|\.|\/)(\d{1,2})日?$/;

/** A field as CSV writes it: quoted when it holds a comma, a quote or a line break. */
function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/**
 * The line with every date written as 2025-01-03 (the sample's exports also write 2025年1月3日, 2025.1.3 and
 * 2025/1/3): the clean file the load target is set on, which DuckDB's read_csv types on its own.
 */
export function withIsoDates(line: string): string {
  return splitCsvLine(line)
    .map((field) => {
      const match = datePattern.exec(field);
      return match ? `${match[1]}-${match[2]!.padStart(2, "0")}-${match[3]!.padStart(2, "0")}` : csvField(field);
    })
    .join(",");
}

/** Each line of a UTF-8 CSV as fields, a batch at a time (header first). */
export async function* csvRows(file: string): AsyncGenerator<string[][]> {
  for await (const batch of lineBatches(file, "utf-8")) yield batch.filter((l) => l !== "").map(splitCsvLine);
}

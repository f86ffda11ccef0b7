import {closeSync, openSync, writeSync} from "node:fs";
import iconv from "iconv-lite";

export type TextEncoding = "gbk" | "utf8" | "utf8-bom";

/**
 * Appends text to a file in GBK (what Excel on Chinese Windows writes) or UTF-8, in ~1 MB chunks with
 * synchronous writes: memory stays flat however many lines go through it.
 */
export class TextFileWriter {
  private readonly fd: number;
  private chunks: string[] = [];
  private pending = 0;
  bytes = 0;
  lines = 0;

  constructor(
    readonly path: string,
    private readonly encoding: TextEncoding
  ) {
    this.fd = openSync(path, "w");
    if (encoding === "utf8-bom") this.writeBuffer(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  /** Writes one line (the CRLF is added). */
  line(text: string): void {
    this.chunks.push(text);
    this.pending += text.length + 2;
    this.lines++;
    if (this.pending > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    const text = `${this.chunks.join("\r\n")}\r\n`;
    this.chunks = [];
    this.pending = 0;
    this.writeBuffer(this.encoding === "gbk" ? iconv.encode(text, "gbk") : Buffer.from(text, "utf8"));
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  /** Writes bytes already encoded by the caller (who keeps count of the lines in them). */
  writeRaw(buffer: Buffer, lines: number): void {
    this.flush();
    this.writeBuffer(buffer);
    this.lines += lines;
  }

  private writeBuffer(buffer: Buffer): void {
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset, buffer.length - offset);
    this.bytes += buffer.length;
  }
}

/** A CSV field, quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: (string | number | null | undefined)[]) => fields.map(csvField).join(",");

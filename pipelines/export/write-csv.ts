import {createWriteStream} from "node:fs";
import {once} from "node:events";
import {formatDateCell, type CellValue} from "./cells.js";

export interface RowSource {
  headers: string[];
  /** Batches of rows, each row in header order, values already made safe by toCell. */
  batches: AsyncIterable<CellValue[][]>;
}

function csvField(value: CellValue): string {
  if (value === null) return "";
  const text = value instanceof Date ? formatDateCell(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV in UTF-8 with a byte-order mark (so Excel on Chinese Windows shows the headers) and CRLF line ends. */
export async function writeCsv(path: string, source: RowSource): Promise<number> {
  const out = createWriteStream(path, {encoding: "utf8"});
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  let rows = 0;
  await write("\uFEFF" + source.headers.map(csvField).join(",") + "\r\n");
  for await (const batch of source.batches) {
    await write(batch.map((row) => row.map(csvField).join(",") + "\r\n").join(""));
    rows += batch.length;
  }
  out.end();
  await once(out, "finish");
  return rows;
}

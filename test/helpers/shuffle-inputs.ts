import {copyFileSync, readFileSync, readdirSync, writeFileSync} from "node:fs";
import {extname, join} from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import ExcelJS from "exceljs";
import {registerCleaningMacros} from "../../pipelines/clean/macros.js";
import {planSheet} from "../../pipelines/load/sheet-plan.js";
import {readerFor} from "../../pipelines/read/index.js";
import {Rng} from "../../pipelines/sample/rng.js";
import {sqlString} from "../../pipelines/warehouse/sql.js";

/**
 * Fisher–Yates with the sample's seeded generator: the same seed gives the same permutation, never the identity
 * (two or more items are rotated by one if the draw left them in place).
 */
function shuffled<T>(items: T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.length > 1 && out.every((item, i) => item === items[i]) ? [...out.slice(1), out[0]!] : out;
}

/** The first data row (1-based, as the loader numbers rows) of every sheet the loader would load. */
async function firstDataRows(conn: DuckDBConnection, file: string): Promise<Map<string | null, number>> {
  const grids = await readerFor(file)(conn, file, {tablePrefix: `shuffle_${Date.now()}`});
  const rows = new Map<string | null, number>();
  for (const grid of grids) {
    try {
      rows.set(grid.sheet, (await planSheet(conn, file, grid, {})).firstDataRow);
    } catch {
      // a sheet the loader skips (notes, an empty sheet) stays as it is
    }
  }
  return rows;
}

/**
 * A CSV with its data lines permuted, byte for byte otherwise: split on the file's line ends (in GBK and UTF-8 a
 * CR or LF byte is always that character), so the encoding never needs decoding.
 */
function shuffleCsv(bytes: Buffer, firstDataRow: number, rng: Rng): {bytes: Buffer; rows: number} {
  const text = bytes.toString("latin1");
  const end = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(end);
  const trailing = lines.at(-1) === "" ? lines.pop() : undefined;
  const head = lines.slice(0, firstDataRow - 1);
  const data = lines.slice(firstDataRow - 1);
  const out = [...head, ...shuffled(data, rng)];
  if (trailing !== undefined) out.push(trailing);
  return {bytes: Buffer.from(out.join(end), "latin1"), rows: data.length};
}

/** Every data row of each loaded sheet moved to a permuted position, cell values and styles with it. */
async function shuffleXlsx(from: string, to: string, firstRows: Map<string | null, number>, rng: Rng): Promise<number> {
  let moved = 0;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(from);
  for (const sheet of workbook.worksheets) {
    const first = firstRows.get(sheet.name);
    if (first === undefined) continue;
    const last = sheet.rowCount;
    const width = sheet.columnCount;
    const rows = [];
    for (let r = first; r <= last; r++) {
      const row = sheet.getRow(r);
      rows.push(
        Array.from({length: width}, (_, c) => ({value: row.getCell(c + 1).value, style: row.getCell(c + 1).style}))
      );
    }
    moved += rows.length;
    for (const [i, cells] of shuffled(rows, rng).entries()) {
      const row = sheet.getRow(first + i);
      for (const [c, cell] of cells.entries()) {
        const target = row.getCell(c + 1);
        target.value = cell.value;
        target.style = cell.style;
      }
      row.commit();
    }
  }
  await workbook.xlsx.writeFile(to);
  return moved;
}

async function shuffleParquet(conn: DuckDBConnection, from: string, to: string, seed: number): Promise<number> {
  const copied = await conn.run(
    `copy (select * from read_parquet(${sqlString(from)}) as t order by hash(t, ${seed})) to ${sqlString(to)} (format parquet)`
  );
  return Number(copied.rowsChanged);
}

/**
 * Copies every input file of `from` into `to` with the rows of each file (each loaded sheet of a workbook)
 * in a seeded random order; headers, notes and sheets the loader skips stay where they are. Returns how many data
 * rows of each file were shuffled.
 */
export async function shuffleInputs(from: string, to: string, seed: number): Promise<Map<string, number>> {
  const shuffledRows = new Map<string, number>();
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  await registerCleaningMacros(conn);
  try {
    for (const name of readdirSync(from).sort()) {
      const source = join(from, name);
      const target = join(to, name);
      const rng = new Rng(seed, name);
      const extension = extname(name).toLowerCase();
      if (extension === ".parquet") {
        shuffledRows.set(name, await shuffleParquet(conn, source, target, seed));
        continue;
      }
      const firstRows = await firstDataRows(conn, source);
      if (extension === ".csv" && firstRows.has(null)) {
        const {bytes, rows} = shuffleCsv(readFileSync(source), firstRows.get(null)!, rng);
        writeFileSync(target, bytes);
        shuffledRows.set(name, rows);
      } else if (extension === ".xlsx") {
        shuffledRows.set(name, await shuffleXlsx(source, target, firstRows, rng));
      } else {
        copyFileSync(source, target);
        shuffledRows.set(name, 0);
      }
    }
    return shuffledRows;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

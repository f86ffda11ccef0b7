import type {DuckDBAppender, DuckDBConnection} from "@duckdb/node-api";
import {sqlIdentifier} from "../../warehouse/sql.js";
import {columnLabel} from "../column-label.js";
import {columnOfRef} from "./xml.js";

/** A merged range, 1-based rows and 0-based columns, as in the grid. */
export interface MergedRange {
  firstRow: number;
  lastRow: number;
  firstCol: number;
  lastCol: number;
}

/** "B3:D5" → its corners; null for a single cell or a malformed reference. */
export function parseMergeRef(ref: string): MergedRange | null {
  const [from, to] = ref.split(":");
  if (!from || !to) return null;
  const rowOf = (cell: string) => parseInt(cell.replace(/^\$?[A-Za-z]+\$?/, ""), 10);
  const range = {
    firstRow: rowOf(from),
    lastRow: rowOf(to),
    firstCol: columnOfRef(from.replace(/\$/g, "")),
    lastCol: columnOfRef(to.replace(/\$/g, ""))
  };
  if (!(
    range.firstRow > 0 &&
    range.lastRow >= range.firstRow &&
    range.firstCol >= 0 &&
    range.lastCol >= range.firstCol
  ))
    return null;
  if (range.firstRow === range.lastRow && range.firstCol === range.lastCol) return null;
  return range;
}

/**
 * The widest grid read. A cell further right (a stray value in column XFD, Excel's last) would otherwise make a
 * table of 16 384 columns, which DuckDB cannot hold in memory; no bureau table is this wide, and a cell there
 * has no header a column could be matched by. Such cells are counted and reported, not loaded.
 */
export const maxGridColumns = 1024;

/** Cells right of `maxGridColumns`: how many, and the first (1-based row, 0-based column). */
export interface IgnoredCells {
  count: number;
  row: number;
  col: number;
}

/** The load line's note on the cells right of `maxGridColumns`. */
export function ignoredCellsNote({count, row, col}: IgnoredCells): string {
  return `已忽略 ${count} 个超出第 ${maxGridColumns} 列的单元格（第一个在第 ${row} 行${columnLabel(col)}），没有表头列能对应这么远的位置`;
}

/**
 * Writes one sheet's rows into a temp table `(source_row INTEGER, c0 … c{n-1} VARCHAR)` through a DuckDB
 * appender. Rows arrive synchronously from the scanner; the width is not trusted from <dimension> but grows
 * with the widest row seen, so a row that needs a new table or wider columns waits in `pending` until
 * `settle()` (awaited between chunks) has created or widened the table.
 */
export class GridWriter {
  /** Cells of the row being read; reset after each row. */
  private readonly cells: (string | null)[] = [];
  private rowWidth = 0;
  private width = 0;
  private created = false;
  private appender: DuckDBAppender | null = null;
  private readonly pending: {row: number; cells: (string | null)[]}[] = [];
  /** Whether the current row had a cell right of maxGridColumns, until endRow records its row. */
  private farInRow = false;
  ignored: IgnoredCells | null = null;
  rows = 0;

  constructor(
    private readonly conn: DuckDBConnection,
    readonly table: string
  ) {}

  get columnCount(): number {
    return this.width;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** A non-empty cell of the current row (0-based column). */
  set(col: number, text: string): void {
    if (col >= maxGridColumns) {
      this.farInRow = true;
      if (this.ignored) this.ignored.count++;
      else this.ignored = {count: 1, row: 0, col};
      return;
    }
    while (this.cells.length <= col) this.cells.push(null);
    this.cells[col] = text;
    if (col >= this.rowWidth) this.rowWidth = col + 1;
  }

  /** Ends the current row; entirely empty rows are dropped but keep their number for the rows after them. */
  endRow(row: number): void {
    if (this.farInRow) {
      if (this.ignored!.row === 0) this.ignored!.row = row;
      this.farInRow = false;
    }
    const width = this.rowWidth;
    if (width === 0) return;
    this.rows++;
    const cells = this.cells;
    if (this.appender && width <= this.width && this.pending.length === 0) {
      const appender = this.appender;
      appender.appendInteger(row);
      for (let i = 0; i < this.width; i++) {
        const text = i < width ? cells[i] : null;
        if (text === null || text === undefined) appender.appendNull();
        else appender.appendVarchar(text);
      }
      appender.endRow();
    } else {
      this.pending.push({row, cells: cells.slice(0, width)});
    }
    cells.fill(null, 0, width);
    this.rowWidth = 0;
  }

  /** Creates or widens the table for the pending rows, then appends them. */
  async settle(): Promise<void> {
    if (this.pending.length === 0) return;
    let needed = this.width;
    for (const p of this.pending) needed = Math.max(needed, p.cells.length);
    if (!this.created) {
      const columns = Array.from({length: needed}, (_, i) => `c${i} VARCHAR`).join(", ");
      await this.conn.run(`CREATE TEMP TABLE ${sqlIdentifier(this.table)} (source_row INTEGER, ${columns})`);
      this.created = true;
    } else if (needed > this.width) {
      // An open appender keeps the old column list, so close it across the ALTER.
      this.closeAppender();
      for (let i = this.width; i < needed; i++) {
        await this.conn.run(`ALTER TABLE temp.main.${sqlIdentifier(this.table)} ADD COLUMN c${i} VARCHAR`);
      }
    }
    this.width = needed;
    this.appender ??= await this.conn.createAppender(this.table, "main", "temp");
    const appender = this.appender;
    for (const {row, cells} of this.pending) {
      appender.appendInteger(row);
      for (let i = 0; i < needed; i++) {
        const text = cells[i];
        if (text === null || text === undefined) appender.appendNull();
        else appender.appendVarchar(text);
      }
      appender.endRow();
    }
    this.pending.length = 0;
  }

  /**
   * Flushes the rows and fills each merged range with its top-left cell's value, as Excel shows it. Ranges are
   * clipped to the grid's width; rows absent from the grid (entirely empty in the file) stay absent.
   * Returns false when the sheet had no rows (no table was created).
   */
  async finish(merges: MergedRange[]): Promise<boolean> {
    await this.settle();
    this.closeAppender();
    if (!this.created) return false;
    const fills = merges
      .filter((m) => m.firstCol < this.width)
      .map((m) => ({...m, lastCol: Math.min(m.lastCol, this.width - 1)}));
    if (fills.length) await this.fillMerges(fills);
    return true;
  }

  private async fillMerges(merges: MergedRange[]): Promise<void> {
    const table = `temp.main.${sqlIdentifier(this.table)}`;
    const rangesName = sqlIdentifier(`${this.table}_merges`);
    const ranges = `temp.main.${rangesName}`;
    const values = merges.map((m) => `(${m.firstRow}, ${m.lastRow}, ${m.firstCol}, ${m.lastCol})`).join(", ");
    const masterValue = `CASE r.first_col ${Array.from({length: this.width}, (_, i) => `WHEN ${i} THEN g.c${i}`).join(" ")} END`;
    await this.conn.run(`
      CREATE TEMP TABLE ${rangesName} AS
      SELECT r.*, ${masterValue} AS master
      FROM (VALUES ${values}) AS r(first_row, last_row, first_col, last_col)
      LEFT JOIN ${table} AS g ON g.source_row = r.first_row`);
    try {
      const columns = new Set<number>();
      for (const m of merges) for (let c = m.firstCol; c <= m.lastCol; c++) columns.add(c);
      for (const c of [...columns].sort((a, b) => a - b)) {
        await this.conn.run(`
          UPDATE ${table} AS g SET c${c} = r.master
          FROM ${ranges} AS r
          WHERE g.source_row BETWEEN r.first_row AND r.last_row AND ${c} BETWEEN r.first_col AND r.last_col`);
      }
    } finally {
      await this.conn.run(`DROP TABLE IF EXISTS ${ranges}`);
    }
  }

  private closeAppender(): void {
    const appender = this.appender;
    this.appender = null;
    appender?.closeSync();
  }

  /** After a failure: closes the appender without caring about its state and drops the table. */
  async discard(): Promise<void> {
    try {
      this.closeAppender();
    } catch {
      // A half-written row makes closing fail; the table is dropped anyway.
    }
    if (this.created) await this.conn.run(`DROP TABLE IF EXISTS temp.main.${sqlIdentifier(this.table)}`);
  }
}

import type {DuckDBConnection} from "@duckdb/node-api";

/**
 * A reader turns one sheet of an input file into a "grid": a temp table in DuckDB with
 * `source_row INTEGER` (the row number a user sees in Excel or a text editor, 1-based) and all-text
 * columns `c0 … c{n-1}`, one per file column, in file order. Header detection, cleaning and validation all
 * happen afterwards in SQL over the grid, the same way for every format.
 */
export interface Grid {
  /** Sheet name for workbooks; null for CSV and Parquet. */
  sheet: string | null;
  /** Temp table holding the grid. */
  table: string;
  columnCount: number;
  /**
   * What the load line (and load_log) should say about how the reader read the sheet: cells it left out (far
   * right of the grid), an encoding other than the usual ones.
   */
  note?: string;
  /**
   * The field delimiter of a delimited text file; absent for workbooks and Parquet. In such a file a cell's
   * column comes from counting delimiters, so a row wider than its header is probably misaligned, and a
   * semicolon file may write numbers the European way (1.234,50).
   */
  delimiter?: string;
  /** The reader saw a control character (NUL, BEL …) somewhere in the sheet: the load checks every text cell. */
  controlCharacters?: boolean;
  /** Set when the grid is one of several tables in a sheet: the row its part of the sheet starts on. */
  firstRow?: number;
  /**
   * Column names when the format carries them out of band (Parquet); otherwise the header is found among
   * the first rows of the grid.
   */
  header?: string[];
}

export interface ReadOptions {
  /** Prefix for the temp tables the reader creates; unique per load. */
  tablePrefix: string;
  /** Called now and then with rows read so far, for progress on stderr. */
  onProgress?: (rowsRead: number) => void;
}

export type Reader = (conn: DuckDBConnection, file: string, options: ReadOptions) => Promise<Grid[]>;

/** A problem with a whole file or sheet (not one row): the load of that file is refused. */
export class FileError extends Error {
  constructor(
    readonly file: string,
    readonly sheet: string | null,
    message: string
  ) {
    super(message);
    this.name = "FileError";
  }
}

import type {SourceKind} from "../../sources/contract.js";

/** What the generator wrote: one entry per file, for the CLI summary and the tests. */
export interface FileReport {
  file: string;
  source: SourceKind;
  /** Data rows written (bad rows included). */
  rows: number;
  bytes: number;
  /** Workbook sheets and the 1-based rows holding their header (two rows for a parent/child header). */
  sheets?: {name: string; headerRows: number[]}[];
  encoding?: "gbk" | "utf8" | "utf8-bom";
}

// Tables for officers: Inputs.table (sortable by clicking a header, virtual scrolling for thousands of rows,
// values rendered as text) with a count and a CSV download of exactly the rows passed in — filter first
// (Inputs.search / select on the page), then the download holds what the officer sees.
//
// Why Inputs rather than a home-made table: sorting, sticky headers and lazy rendering of long tables are
// already right there, and it is imported from node_modules ("@observablehq/inputs"), not the implicit
// `Inputs` global, so nothing is fetched from a CDN (engineering notes §1.6).
import * as Inputs from "@observablehq/inputs";
import {toCsv} from "./csv.js";
import {h} from "./dom.js";
import {formatInteger} from "./format.js";

export interface TableColumn<T> {
  key: keyof T & string;
  /** Header text (Chinese); also the CSV header. */
  label: string;
  /** Display text of a cell; defaults to the value as text ("—" when missing). */
  format?: (value: any, row: T) => string;
  /** Value written to the CSV; defaults to the raw value (numbers stay numbers for Excel). */
  csv?: (row: T) => unknown;
  width?: number;
  align?: "left" | "right" | "center";
}

export interface DataTableOptions<T> {
  columns: readonly TableColumn<T>[];
  /** Download file name without extension, e.g. "数据质量-拒绝明细". */
  filename: string;
  /** Stable hook for tests: `[data-table=<id>]`. */
  id: string;
  /** Visible rows before scrolling. */
  rows?: number;
  sort?: keyof T & string;
  reverse?: boolean;
  /** Extra text after the row count, e.g. "（仅显示前 500 条）". */
  note?: string;
  /** "auto" sizes columns to their content (default); "fixed" divides the width evenly. */
  layout?: "auto" | "fixed";
}

export function dataTable<T extends object>(data: readonly T[], options: DataTableOptions<T>): HTMLElement {
  const {columns, filename, id, rows = 12.5, sort, reverse, note, layout = "auto"} = options;
  const table = Inputs.table(data, {
    columns: columns.map((c) => c.key),
    header: Object.fromEntries(columns.map((c) => [c.key, c.label])),
    format: Object.fromEntries(
      columns.map((c) => [c.key, (value: unknown, i: number, all: readonly T[]) => (c.format ? c.format(value, all[i]!) : plainText(value))])
    ),
    align: Object.fromEntries(columns.filter((c) => c.align).map((c) => [c.key, c.align!])),
    width: Object.fromEntries(columns.filter((c) => c.width).map((c) => [c.key, c.width!])),
    rows,
    sort,
    reverse,
    select: false,
    layout
  });
  const button = h("button", {type: "button"}, "下载 CSV");
  button.addEventListener("click", () => {
    const csv = toCsv(data, columns.map((c) => ({key: c.key, label: c.label, value: c.csv})));
    downloadText(csv, `${filename}.csv`, "text/csv;charset=utf-8");
  });
  const count = h("span", {class: "jc-table-count"}, `共 ${formatInteger(data.length)} 行${note ?? ""}`);
  return h("div", {class: "jc-table", "data-table": id}, h("div", {class: "jc-table-bar"}, count, button), table);
}

/** Saves text as a file through the browser's download. */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const link = h("a", {style: "display:none"});
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function plainText(value: unknown): string {
  return value === null || value === undefined || value === "" ? "—" : String(value);
}

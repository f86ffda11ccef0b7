// Tables for officers: Inputs.table (sortable by clicking a header, rows rendered lazily as the officer scrolls,
// values rendered as text) with a count and CSV and Excel downloads of exactly the rows passed in — filter first
// (Inputs.search / select on the page), then the download holds what the officer sees.
//
// Why Inputs rather than a home-made table: sorting, sticky headers and lazy rendering of long tables are
// already there, and it is imported from node_modules ("@observablehq/inputs"), not the implicit
// `Inputs` global, so nothing is fetched from a CDN (engineering notes §1.6).
import * as Inputs from "@observablehq/inputs";
import {toCsv} from "./csv.js";
import {h} from "./dom.js";
import {chooseMoneyUnitFor, formatInteger, formatMoney, toNumber, type Numeric} from "./format.js";
import {toXlsx} from "./xlsx.js";

export type CellContent = string | Node | readonly (string | Node)[];

export interface TableColumn<T> {
  key: keyof T & string;
  /** Header text (Chinese); also the header in downloads unless `fileLabel` is given. */
  label: string;
  /** Header in the CSV and Excel files when it differs from the screen (e.g. 元 in the file, 万元 on screen). */
  fileLabel?: string;
  /** Display of a cell (text or nodes, never HTML strings); defaults to the value as text ("—" when missing). */
  format?: (value: any, row: T) => CellContent;
  /** Value written to the CSV and Excel files; defaults to the raw value (numbers stay numbers for Excel). */
  csv?: (row: T) => unknown;
  width?: number;
  /** Long text (file names, reasons): wraps onto several lines beyond this many pixels instead of widening the table. */
  wrap?: number;
  align?: "left" | "right" | "center";
  /** false: only in the CSV (e.g. a code shown inside another column's cell). */
  show?: boolean;
}

export interface DataTableOptions<T> {
  columns: readonly TableColumn<T>[];
  /** Download file name without extension, e.g. "数据质量-拒绝明细". */
  filename: string;
  /** Stable hook for tests: `[data-table=<id>]`. */
  id: string;
  /** Visible rows before scrolling; "all" renders every row with no scrolling (for short tables). */
  rows?: number | "all";
  sort?: keyof T & string;
  reverse?: boolean;
  /** Extra text after the row count, e.g. "（仅显示前 500 条）". */
  note?: string;
  /** "auto" sizes columns to their content (default); "fixed" divides the width evenly. */
  layout?: "auto" | "fixed";
}

export function dataTable<T extends object>(data: readonly T[], options: DataTableOptions<T>): HTMLElement {
  const {columns, filename, id, rows = 12.5, sort, reverse, note, layout = "auto"} = options;
  const showAll = rows === "all";
  const shown = columns.filter((c) => c.show !== false);
  const table = Inputs.table(data, {
    columns: shown.map((c) => c.key),
    header: Object.fromEntries(shown.map((c) => [c.key, c.label])),
    format: Object.fromEntries(
      shown.map((c) => [c.key, (value: unknown, i: number, all: readonly T[]) => cell(c, value, all[i]!)])
    ),
    align: Object.fromEntries(shown.filter((c) => c.align).map((c) => [c.key, c.align!])),
    width: Object.fromEntries(shown.filter((c) => c.width).map((c) => [c.key, c.width!])),
    rows: showAll ? Math.max(1, data.length) : rows,
    ...(showAll ? {maxHeight: null} : {}),
    sort,
    reverse,
    select: false,
    layout
  });
  const fileColumns = columns.map((c) => ({key: c.key, label: c.fileLabel ?? c.label, value: c.csv}));
  const csvButton = h("button", {type: "button"}, "下载 CSV");
  csvButton.addEventListener("click", () => {
    downloadText(toCsv(data, fileColumns), `${filename}.csv`, "text/csv;charset=utf-8");
  });
  const xlsxButton = h("button", {type: "button"}, "下载 Excel");
  xlsxButton.addEventListener("click", () => {
    const workbook = toXlsx(data, fileColumns, {sheetName: filename});
    downloadText(workbook, `${filename}.xlsx`, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });
  const count = h("span", {class: "jc-table-count"}, `共 ${formatInteger(data.length)} 行${note ?? ""}`);
  const buttons = h("span", {class: "jc-table-buttons"}, csvButton, xlsxButton);
  return h("div", {class: "jc-table", "data-table": id}, h("div", {class: "jc-table-bar"}, count, buttons), table);
}

/**
 * A money column in one unit for all its rows (chosen by the largest value): "节约金额（亿元）" on screen,
 * the amount in yuan as a number under "节约金额（元）" (or `fileLabel`) in downloads. `label` has no unit.
 */
export function moneyColumn<T extends object>(
  rows: readonly T[],
  key: keyof T & string,
  label: string,
  {fileLabel = `${label}（元）`}: {fileLabel?: string} = {}
): TableColumn<T> {
  const unit = chooseMoneyUnitFor(rows.map((r) => r[key] as Numeric));
  return {
    key,
    label: `${label}（${unit}）`,
    fileLabel,
    format: (value: Numeric) => formatMoney(value, {unit, withUnit: false}),
    csv: (row) => toNumber(row[key] as Numeric),
    align: "right"
  };
}

/** Saves text or bytes as a file through the browser's download. */
export function downloadText(content: string | Uint8Array, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], {type}));
  const link = h("a", {style: "display:none"});
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function cell<T>(column: TableColumn<T>, value: unknown, row: T): string | Node {
  const content = column.format ? column.format(value, row) : plainText(value);
  const parts = typeof content === "string" || content instanceof Node ? [content] : content;
  if (!column.wrap) return parts.length === 1 ? parts[0]! : h("span", {}, ...parts);
  // At least 60% of the wrap width: automatic table layout would otherwise squeeze long text to a sliver.
  return h(
    "span",
    {class: "jc-wrap", style: `min-width: ${Math.round(column.wrap * 0.6)}px; max-width: ${column.wrap}px`},
    ...parts
  );
}

function plainText(value: unknown): string {
  return value === null || value === undefined || value === "" ? "—" : String(value);
}

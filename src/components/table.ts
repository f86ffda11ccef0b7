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
  /**
   * Header text (Chinese); also the header in downloads unless `fileLabel` is given. A "\n" marks where a long
   * header may break onto a second line on screen (headers do not break inside words; files drop the "\n").
   */
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
  /** false: only on screen (a link, a button), not in the CSV and Excel files. */
  download?: boolean;
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
  /** Called after the officer sorts by clicking a header (null: back to the original order), e.g. to keep it in the link. */
  onSort?: (sort: (keyof T & string) | null, reverse: boolean) => void;
}

export function dataTable<T extends object>(data: readonly T[], options: DataTableOptions<T>): HTMLElement {
  const {columns, filename, id, rows = 12.5, sort, reverse, note, layout = "auto", onSort} = options;
  const showAll = rows === "all";
  const shown = columns.filter((c) => c.show !== false);
  const table = Inputs.table(data, {
    columns: shown.map((c) => c.key),
    header: Object.fromEntries(shown.map((c) => [c.key, headerContent(c.label)])),
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
  const order = trackSortOrder(table, data, shown, {sort, reverse, onSort});
  const fileColumns = columns
    .filter((c) => c.download !== false)
    .map((c) => ({key: c.key, label: c.fileLabel ?? c.label.replaceAll("\n", ""), value: c.csv}));
  const csvButton = h("button", {type: "button"}, "下载 CSV");
  csvButton.addEventListener("click", () => {
    downloadText(toCsv(order(), fileColumns), `${filename}.csv`, "text/csv;charset=utf-8");
  });
  const xlsxButton = h("button", {type: "button"}, "下载 Excel");
  xlsxButton.addEventListener("click", () => {
    const workbook = toXlsx(order(), fileColumns, {sheetName: filename});
    downloadText(workbook, `${filename}.xlsx`, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });
  const count = h("span", {class: "jc-table-count"}, `共 ${formatInteger(data.length)} 行${note ?? ""}`);
  const buttons = h("span", {class: "jc-table-buttons"}, csvButton, xlsxButton);
  return h("div", {class: "jc-table", "data-table": id}, h("div", {class: "jc-table-bar"}, count, buttons), table);
}

/**
 * The rows in the order on screen. Inputs.table sorts its own copy when a header is clicked and does not tell;
 * this replays each sort on our own index, after Inputs has handled the click, with Inputs' comparison (values
 * first, missing last; a stable sort of the previous order, so ties keep it), reading the direction from the
 * header's ▴/▾ mark. The downloads use it, so a file holds the rows in the order the officer sees them.
 */
function trackSortOrder<T extends object>(
  table: HTMLElement,
  data: readonly T[],
  shown: readonly TableColumn<T>[],
  {sort, reverse, onSort}: Pick<DataTableOptions<T>, "sort" | "reverse" | "onSort">
): () => T[] {
  let index = data.map((_, i) => i);
  const sortBy = (key: keyof T & string, descending: boolean) => {
    const direction = descending ? -1 : 1;
    index.sort((a, b) => compareValues(data[a]![key], data[b]![key], direction));
  };
  if (sort !== undefined && shown.some((c) => c.key === sort)) sortBy(sort, reverse === true);
  else if (reverse) index.reverse();
  const headers = [...table.querySelectorAll("thead th")].slice(1); // the first is Inputs' selection column
  table.querySelector("thead")?.addEventListener("click", (event) => {
    const th = (event.target as Element).closest("th");
    const i = th ? headers.indexOf(th) : -1;
    if (i < 0) return;
    const mark = th!.firstElementChild?.textContent ?? "";
    const key = shown[i]!.key;
    if (mark === "") {
      index.sort((a, b) => a - b); // Inputs restores the original order (⌘-click on the sorted column)
      onSort?.(null, false);
    } else {
      sortBy(key, mark === "▾");
      onSort?.(key, mark === "▾");
    }
  });
  return () => index.map((i) => data[i]!);
}

/** Inputs.table's ascending order (its sort.js): missing values (null, NaN) after the others, in both directions. */
function compareValues(a: unknown, b: unknown, direction: 1 | -1): number {
  const defined = (v: unknown) => (v !== null && v !== undefined && !Number.isNaN(v) ? 1 : 0);
  const missing = defined(b) - defined(a);
  if (missing) return missing;
  const x = a as number | string;
  const y = b as number | string;
  return direction * (x < y ? -1 : x > y ? 1 : 0);
}

/**
 * A money column in one unit for all its rows (chosen by the largest value): "节约金额（亿元）" on screen,
 * the amount in yuan as a number under "节约金额（元）" (or `fileLabel`) in downloads. `label` has no unit.
 * `note` adds a muted second line under the amount (e.g. the period it covers).
 */
export function moneyColumn<T extends object>(
  rows: readonly T[],
  key: keyof T & string,
  label: string,
  {fileLabel = `${label.replaceAll("\n", "")}（元）`, note}: {fileLabel?: string; note?: (row: T) => string} = {}
): TableColumn<T> {
  const unit = chooseMoneyUnitFor(rows.map((r) => r[key] as Numeric));
  const amount = (value: Numeric) => formatMoney(value, {unit, withUnit: false});
  return {
    key,
    label: `${label}\n（${unit}）`,
    fileLabel,
    format: note ? (value: Numeric, row: T) => [amount(value), h("span", {class: "jc-sub"}, note(row))] : amount,
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

function headerContent(label: string): string | Node {
  if (!label.includes("\n")) return label;
  const lines = label.split("\n");
  // <wbr>: an optional break, taken only when the table would otherwise be wider than the page. A fragment, not a
  // <span>: Inputs styles every span of a header as its narrow sort mark.
  const fragment = document.createDocumentFragment();
  fragment.append(...lines.flatMap((line, i) => (i ? [h("wbr"), line] : [line])));
  return fragment;
}

function plainText(value: unknown): string {
  return value === null || value === undefined || value === "" ? "—" : String(value);
}

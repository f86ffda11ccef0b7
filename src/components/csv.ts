// CSV for downloads: Chinese headers, raw values (numbers stay numbers for Excel), RFC 4180 quoting,
// a UTF-8 BOM so Excel on Chinese Windows does not read it as GBK, and no formula injection.

export interface CsvColumn<T> {
  key: keyof T & string;
  /** Header text (Chinese). */
  label: string;
  /** Optional override of the exported value (e.g. an exact money string). */
  value?: (row: T) => unknown;
}

const bom = "\ufeff";

/** Text that Excel would evaluate as a formula gets a leading apostrophe. Numbers are left alone. */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? `'${text}` : text;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text =
    typeof value === "number" || typeof value === "bigint"
      ? String(value)
      : typeof value === "boolean"
        ? value
          ? "是"
          : "否"
        : value instanceof Date
          ? value.toISOString()
          : neutralizeFormula(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole CSV document, header first, CRLF line ends, with BOM. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(",")];
  for (const row of rows) {
    lines.push(columns.map((c) => csvCell(c.value ? c.value(row) : row[c.key])).join(","));
  }
  return bom + lines.join("\r\n") + "\r\n";
}

/** Parses what toCsv writes (and RFC 4180 CSV generally) back into rows of strings; used by tests. */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith(bom) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else {
      cell += ch;
    }
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

import {DuckDBDateValue, DuckDBDecimalValue, DuckDBTimestampValue} from "@duckdb/node-api";

/** A DuckDB JS value as JSON: BIGINT and DECIMAL as numbers, dates as ISO text. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (value instanceof Date)
    return value
      .toISOString()
      .slice(0, value.getUTCHours() || value.getUTCMinutes() ? 19 : 10)
      .replace("T", " ");
  if (value instanceof DuckDBDateValue || value instanceof DuckDBTimestampValue) return value.toString();
  if (typeof value === "object" && "toString" in (value as object) && !Array.isArray(value)) {
    const text = String(value);
    return text === "[object Object]" ? value : text;
  }
  return value;
}

function cellText(value: unknown): string {
  // Exact decimal text for money in tables and CSV (149064675.10, not the double 149064675.1).
  if (value instanceof DuckDBDecimalValue) return value.toString();
  const v = toJsonValue(value);
  if (v === null) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with a header line. */
export function formatCsv(names: string[], rows: Record<string, unknown>[]): string {
  const lines = [names.map(csvField).join(",")];
  for (const row of rows) lines.push(names.map((n) => csvField(cellText(row[n]))).join(","));
  return lines.join("\n") + "\n";
}

/** A plain-text table for the terminal (CJK characters count as two columns). */
export function formatTable(names: string[], rows: Record<string, unknown>[]): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - width(s)));
  const cells = rows.map((r) => names.map((n) => cellText(r[n])));
  const widths = names.map((n, i) => Math.min(60, Math.max(width(n), ...cells.map((c) => width(c[i]!)))));
  const line = (values: string[]) =>
    values
      .map((v, i) => pad(v, widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(names), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line), `(${rows.length} 行)`].join(
    "\n"
  );
}

/**
 * Cell values for spreadsheets: text that Excel or LibreOffice would read as a formula (it begins with
 * = + - @, a tab or a carriage return) gets a leading apostrophe, so `=HYPERLINK(...)` stays text. Numbers,
 * including negative ones, stay numbers; only text is neutralised.
 */
export type CellValue = string | number | boolean | Date | null;

const formulaStart = /^[=+\-@\t\r]/;

export function neutraliseText(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

/** A DuckDB JS value as a spreadsheet cell: bigint → number, Date kept, booleans as 是/否, text neutralised. */
export function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value ? "是" : "否";
  if (value instanceof Date) return value;
  if (typeof value === "string") return neutraliseText(value);
  return neutraliseText(JSON.stringify(value));
}

/** A Date from DuckDB (DATE or TIMESTAMP arrive as UTC instants) as 2025-03-01 or 2025-03-01 08:30:00. */
export function formatDateCell(date: Date): string {
  const iso = date.toISOString();
  const time = iso.slice(11, 19);
  return time === "00:00:00" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

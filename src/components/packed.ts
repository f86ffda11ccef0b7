// A compact JSON shape for tables shipped to pages, column by column:
// - a column of long runs of one value (the leading keys of rows sorted by them) is a list of runs;
// - a column with few distinct values (names, codes, dates, statuses, rates) is a dictionary plus indexes;
// - a true/false column is one character per row ("1", "0", "-" for missing);
// - any other column is a plain array.
// Hospital, product and enterprise names repeat on most rows, so this keeps a page's data several times
// smaller than row objects. Loaders pack (Node), pages unpack (browser).

export type PackedValue = string | number | boolean | null;

export type PackedColumn =
  | {values: PackedValue[]}
  | {dictionary: PackedValue[]; codes: number[]}
  | {flags: string}
  | {runs: PackedValue[]; lengths: number[]};

export interface PackedTable {
  length: number;
  columns: Record<string, PackedColumn>;
}

function packColumn(values: readonly PackedValue[]): PackedColumn {
  if (values.every((v) => v === null || typeof v === "boolean")) {
    return {flags: values.map((v) => (v === null ? "-" : v ? "1" : "0")).join("")};
  }
  const runs: PackedValue[] = [];
  const lengths: number[] = [];
  values.forEach((v, i) => {
    if (i > 0 && v === values[i - 1]) lengths[lengths.length - 1]!++;
    else (runs.push(v), lengths.push(1));
  });
  // Runs pay off for sorted keys (a batch, then each hospital of it): two numbers a run instead of a code a row.
  if (runs.length * 4 <= values.length) return {runs, lengths};
  const index = new Map<PackedValue, number>();
  const codes = values.map((v) => {
    let code = index.get(v);
    if (code === undefined) index.set(v, (code = index.size));
    return code;
  });
  // A dictionary pays off when values repeat; long unique texts would only gain an index each.
  return index.size <= Math.max(16, values.length / 4) ? {dictionary: [...index.keys()], codes} : {values: [...values]};
}

/** Packs rows that all have the same keys. */
export function packRows(rows: readonly Record<string, PackedValue>[]): PackedTable {
  const names = rows.length ? Object.keys(rows[0]!) : [];
  const columns: Record<string, PackedColumn> = {};
  for (const name of names) columns[name] = packColumn(rows.map((row) => row[name] ?? null));
  return {length: rows.length, columns};
}

function unpackColumn(column: PackedColumn): PackedValue[] {
  if ("flags" in column) return [...column.flags].map((c) => (c === "-" ? null : c === "1"));
  if ("dictionary" in column) return column.codes.map((code) => column.dictionary[code] ?? null);
  if ("runs" in column) return column.runs.flatMap((value, i) => Array<PackedValue>(column.lengths[i]!).fill(value));
  return column.values;
}

/** The rows packRows was given, as objects. */
export function unpackRows<T = Record<string, PackedValue>>(table: PackedTable): T[] {
  const entries = Object.entries(table.columns).map(([name, column]) => [name, unpackColumn(column)] as const);
  return Array.from({length: table.length}, (_, i) => {
    const row: Record<string, PackedValue> = {};
    for (const [name, values] of entries) row[name] = values[i] ?? null;
    return row as T;
  });
}

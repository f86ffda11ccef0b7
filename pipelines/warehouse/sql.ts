/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A file path as a SQL literal for DuckDB's readers (read_csv, read_parquet). They expand glob patterns and
 * have no option to turn that off (DuckDB 1.5), so `订单[1].csv` would read `订单1.csv` and `名单*.csv` every
 * sibling. Each `*`, `?` and `[` is wrapped in brackets, which DuckDB's glob matches only as itself.
 */
export function sqlFilePath(path: string): string {
  return sqlString(path.replace(/[*?[]/g, (c) => `[${c}]`));
}

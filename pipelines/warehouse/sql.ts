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

/**
 * Whether sqlFilePath can name `path` at all. A path holding a glob character and a backslash (`名单\[1].csv`, a
 * legal name on Linux and macOS) matches nothing in DuckDB 1.5 however it is escaped: the pattern is cut at the
 * backslash. Such a file is read through a copy or a link under a plain name.
 */
export function sqlFilePathWorks(path: string): boolean {
  return !(path.includes("\\") && /[*?[]/.test(path));
}

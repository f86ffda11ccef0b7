/** Chinese column labels per mart: export headers and DuckDB column comments. The one place they live. */
export const martColumnLabels: Record<string, Record<string, string>> = {};

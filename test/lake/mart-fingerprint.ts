import type {DuckDBConnection} from "@duckdb/node-api";

/**
 * Headline aggregates of every column of a relation, as text so they compare exactly: row count; sums of
 * numbers (DECIMAL sums are exact; DOUBLE is rounded to 6 places per row first, since parallel aggregation may
 * order float additions differently); distinct count, min and max of text; min and max of dates; count of true.
 */
export async function fingerprint(conn: DuckDBConnection, relation: string): Promise<Record<string, string>> {
  const described = (await conn.runAndReadAll(`describe select * from ${relation}`)).getRowObjectsJS();
  const parts = ['count(*)::varchar as "(rows)"'];
  for (const {column_name, column_type} of described) {
    const c = `"${String(column_name)}"`;
    const type = String(column_type);
    let aggregate: string;
    if (/^(DECIMAL|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)/.test(type))
      aggregate = `sum(${c})::varchar`;
    else if (type === "DOUBLE" || type === "FLOAT") aggregate = `sum(round(${c}, 6)::decimal(38, 6))::varchar`;
    else if (type === "VARCHAR") aggregate = `concat_ws(' / ', count(distinct ${c}), min(${c}), max(${c}))`;
    else if (type === "BOOLEAN") aggregate = `count_if(${c})::varchar`;
    else if (type === "DATE" || type.startsWith("TIMESTAMP")) aggregate = `concat_ws(' / ', min(${c}), max(${c}))`;
    else aggregate = `count(${c})::varchar`;
    parts.push(`${aggregate} as ${c}`);
  }
  const rows = (await conn.runAndReadAll(`select ${parts.join(", ")} from ${relation}`)).getRowObjectsJS();
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, v === null ? "NULL" : String(v)]));
}

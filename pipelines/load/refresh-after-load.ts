import type {DuckDBConnection} from "@duckdb/node-api";

/** Rebuilds the marts after a load; returns a one-line summary for stderr, or null when there are no models yet. */
export async function refreshAfterLoad(conn: DuckDBConnection): Promise<string | null> {
  void conn;
  return null;
}

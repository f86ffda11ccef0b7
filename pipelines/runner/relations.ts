import type {DuckDBConnection} from "@duckdb/node-api";

/** Whether `name` is a table or a view of the warehouse (not a temp object), or absent. */
export async function relationKind(conn: DuckDBConnection, name: string): Promise<"table" | "view" | null> {
  const reader = await conn.runAndReadAll(
    `select 'table' as kind from duckdb_tables() where table_name = $1 and schema_name = 'main' and not temporary
     union all select 'view' from duckdb_views() where view_name = $1 and schema_name = 'main' and not temporary`,
    [name]
  );
  return (reader.getRowObjectsJS()[0]?.kind as "table" | "view" | undefined) ?? null;
}

/** Every table and view of the warehouse (not temp objects) with its kind, in one query. */
export async function relationKinds(conn: DuckDBConnection): Promise<Map<string, "table" | "view">> {
  const reader = await conn.runAndReadAll(
    `select table_name as name, 'table' as kind from duckdb_tables() where schema_name = 'main' and not temporary
     union all select view_name, 'view' from duckdb_views() where schema_name = 'main' and not temporary`
  );
  return new Map(reader.getRows().map(([name, kind]) => [String(name), kind as "table" | "view"]));
}

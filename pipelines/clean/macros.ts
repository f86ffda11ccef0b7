import {readFileSync} from "node:fs";
import type {DuckDBConnection} from "@duckdb/node-api";

const macrosSql = readFileSync(new URL("./macros.sql", import.meta.url), "utf8");

const registered = new WeakSet<DuckDBConnection>();

/**
 * Registers the cell-cleaning macros on a connection, once: the loader calls it before typing a file. They are
 * temp macros, so they never enter the warehouse file and a read-only connection can register them too.
 */
export async function registerCleaningMacros(conn: DuckDBConnection): Promise<void> {
  if (registered.has(conn)) return;
  await conn.run(macrosSql);
  registered.add(conn);
}

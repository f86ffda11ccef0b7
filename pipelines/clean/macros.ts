import {readFileSync} from "node:fs";
import type {DuckDBConnection} from "@duckdb/node-api";

const macrosSql = readFileSync(new URL("./macros.sql", import.meta.url), "utf8");

/** Registers the cell-cleaning macros (temp, so read-only connections can use them too). */
export async function registerCleaningMacros(conn: DuckDBConnection): Promise<void> {
  await conn.run(macrosSql);
}

import {readFileSync, readdirSync} from "node:fs";
import {fileURLToPath} from "node:url";
import type {DuckDBConnection} from "@duckdb/node-api";
import {inTransaction} from "./durable.js";
import {alignRawTables} from "./raw-tables.js";

const migrationsDir = fileURLToPath(new URL("./migrations/", import.meta.url));

/**
 * Versioned schema migrations: `migrations/NNN_name.sql`, each applied once, in order, in its own transaction;
 * then the raw tables are brought in line with the source contracts (raw-tables.ts), in one more.
 */
export async function migrate(conn: DuckDBConnection): Promise<string[]> {
  await conn.run("create table if not exists schema_migrations (version varchar primary key, applied_at timestamp)");
  const applied = new Set(
    (await conn.runAndReadAll("select version from schema_migrations")).getRowObjectsJS().map((r) => String(r.version))
  );
  const pending = readdirSync(migrationsDir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .filter((f) => !applied.has(f.slice(0, 3)));
  for (const file of pending) {
    try {
      await inTransaction(conn, async () => {
        await conn.run(readFileSync(migrationsDir + file, "utf8"));
        await conn.run("insert into schema_migrations values ($1, current_timestamp)", [file.slice(0, 3)]);
      });
    } catch (error) {
      throw new Error(`迁移 ${file} 失败：${(error as Error).message}`);
    }
  }
  await conn.run("begin transaction");
  try {
    await alignRawTables(conn);
    await conn.run("commit");
  } catch (error) {
    await conn.run("rollback");
    throw new Error(`迁移失败：${(error as Error).message}`);
  }
  return pending;
}

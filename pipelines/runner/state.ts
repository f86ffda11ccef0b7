import type {DuckDBConnection} from "@duckdb/node-api";
import {relationKind} from "./relations.js";

/**
 * What the runner remembers between refreshes (migration 004): per model, the fingerprint of its inputs when it
 * was last built (model_state); per incremental model, the loads it holds and their row counts then
 * (model_loads). Both are written inside the refresh's transaction, so they roll back with the models.
 */

/** Does the warehouse keep model state? A lake attached in memory has no migrations: every model is rebuilt. */
export async function hasStateTables(conn: DuckDBConnection): Promise<boolean> {
  return (await relationKind(conn, "model_state")) === "table" && (await relationKind(conn, "model_loads")) === "table";
}

export interface StoredState {
  fingerprint: string;
  /** What a table model held when built (fingerprint.ts contentDigest); null for views and incremental models. */
  contentDigest: string | null;
}

/** Every model's stored state, read once per refresh. */
export async function storedStates(conn: DuckDBConnection): Promise<Map<string, StoredState>> {
  const rows = (await conn.runAndReadAll("select name, fingerprint, content_digest from model_state")).getRows();
  return new Map(
    rows.map(([name, fingerprint, digest]) => [
      String(name),
      {fingerprint: String(fingerprint), contentDigest: digest === null ? null : String(digest)}
    ])
  );
}

export async function saveFingerprint(
  conn: DuckDBConnection,
  name: string,
  fingerprint: string,
  contentDigest: string | null = null
): Promise<void> {
  await conn.run("delete from model_state where name = $1", [name]);
  await conn.run(
    "insert into model_state (name, fingerprint, refreshed_at, content_digest) values ($1, $2, current_timestamp, $3)",
    [name, fingerprint, contentDigest]
  );
}

/** Loads an incremental model holds, with the row count each had in its tables when it was read. */
export async function storedLoads(conn: DuckDBConnection, name: string): Promise<Map<number, number>> {
  const loads = (await conn.runAndReadAll("select load_id, rows from model_loads where name = $1", [name])).getRows();
  return new Map(loads.map(([l, n]) => [Number(l), Number(n)]));
}

/** Records that `loads` were read (at their current `counts`) and `removed` are no longer held. */
export async function saveLoads(
  conn: DuckDBConnection,
  name: string,
  counts: Map<number, number>,
  loads: number[],
  removed: number[]
) {
  const forgotten = [...removed, ...loads];
  if (forgotten.length)
    await conn.run(`delete from model_loads where name = $1 and load_id in (${forgotten.map(Math.trunc).join(", ")})`, [
      name
    ]);
  if (loads.length) {
    await conn.run(
      `insert into model_loads values ${loads.map((l) => `($1, ${Math.trunc(l)}, ${counts.get(l)!})`).join(", ")}`,
      [name]
    );
  }
}

/** Forgets every load of a model that is about to be rebuilt from all loads. */
export async function clearLoads(conn: DuckDBConnection, name: string): Promise<void> {
  await conn.run("delete from model_loads where name = $1", [name]);
}

import type {DuckDBConnection} from "@duckdb/node-api";
import {fingerprintScope, modelIdentity, queryFingerprint} from "./fingerprint.js";
import {discoverModels} from "./models.js";
import type {Project} from "./project.js";
import {hasStateTables, storedLoads, storedStates, type StoredState} from "./state.js";

/**
 * The fingerprint of everything each check reads, over the models as they were last built: a model stands for
 * the digest of what it held when built (a view for its fingerprint; an incremental model for its fingerprint and
 * the loads it holds), a table for its contents, a table read load by load for its row count per load. Equal
 * fingerprints mean the check would return the same rows.
 */
export async function checkFingerprints(
  conn: DuckDBConnection,
  project: Project,
  checks: {name: string; sql: string}[]
): Promise<Map<string, string>> {
  const models = discoverModels(project);
  const stored = (await hasStateTables(conn)) ? await storedStates(conn) : new Map<string, StoredState>();
  const built = new Map<string, string>();
  for (const model of models) {
    const state = stored.get(model.name);
    if (state === undefined) continue;
    const identity =
      model.materialized === "incremental"
        ? modelIdentity(state.fingerprint, await storedLoads(conn, model.name))
        : (state.contentDigest ?? state.fingerprint);
    built.set(model.name, identity);
  }
  const scope = await fingerprintScope(
    conn,
    new Map(models.map((m) => [m.name, m])),
    project.macrosSql(),
    project.volatileColumns,
    built
  );
  const fingerprints = new Map<string, string>();
  for (const check of checks)
    fingerprints.set(check.name, await queryFingerprint(scope, `check ${check.name}`, check.sql));
  return fingerprints;
}

import {createHash} from "node:crypto";
import type {DuckDBConnection} from "@duckdb/node-api";
import {referencedNames, stripComments, type Model} from "./models.js";
import {relationKinds} from "./relations.js";

/**
 * A model's fingerprint digests everything its output depends on: its SQL and the macros; for each view model
 * it reads, that view's SQL and in turn what it reads; for each model table it reads, a digest of what that model
 * holds (taken when it was built, so a model rebuilt to the same rows changes nothing downstream); for each other
 * table, its contents. The runner skips a model whose fingerprint matches the one stored when it was last built,
 * so a refresh rebuilds only what reads something that changed, and a refresh with nothing new rebuilds nothing.
 *
 * A table some incremental model reads load by load (`loads_of`) is digested by its row count per load instead
 * of its rows: its rows are only ever inserted under a new load_id or deleted, so equal counts per load mean
 * equal rows. That is the same rule the incremental models rely on (incremental.ts).
 */
export const pendingLoadsTable = "pending_loads";

/** Row count of every load of one table. */
export type LoadCounts = Map<number, number>;

export interface FingerprintScope {
  conn: DuckDBConnection;
  models: Map<string, Model>;
  macrosSql: string;
  /** Row count per load of every table some incremental model reads load by load. */
  loadCounts: Map<string, LoadCounts>;
  /** Columns a model depends on only when it names them (Project.volatileColumns). */
  volatileColumns: Record<string, readonly string[]>;
  /** Tables and views of the warehouse when the refresh started. */
  relations: Map<string, "table" | "view">;
  /**
   * What each model already refreshed in this run stands for in the fingerprints of its readers: a table's
   * content digest, a view's fingerprint, an incremental model's fingerprint and loads (`modelIdentity`).
   */
  built: Map<string, string>;
  /** Incremental models refreshed in this run: their fingerprint alone, for incremental readers (see below). */
  builtFingerprints: Map<string, string>;
  /** Content digests of plain tables, computed once per refresh. */
  tableDigests: Map<string, string>;
}

/** The scope of one refresh, or of one run of the checks: the relations and the load counts, read once. */
export async function fingerprintScope(
  conn: DuckDBConnection,
  models: Map<string, Model>,
  macrosSql: string,
  volatileColumns: Record<string, readonly string[]> = {},
  built: Map<string, string> = new Map(),
  builtFingerprints: Map<string, string> = new Map()
): Promise<FingerprintScope> {
  const relations = await relationKinds(conn);
  const loadTables = new Set([...models.values()].flatMap((m) => m.loadsOf));
  const loadCounts = new Map<string, LoadCounts>();
  for (const table of loadTables) if (relations.has(table)) loadCounts.set(table, await tableLoadCounts(conn, table));
  return {
    conn,
    models,
    macrosSql,
    loadCounts,
    volatileColumns,
    relations,
    built,
    builtFingerprints,
    tableDigests: new Map()
  };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Row count of every load of `table`, read once per refresh. */
export async function tableLoadCounts(conn: DuckDBConnection, table: string): Promise<LoadCounts> {
  const reader = await conn.runAndReadAll(`select load_id, count(*)::bigint as n from ${table} group by load_id`);
  return new Map(reader.getRows().map(([load, n]) => [Number(load), Number(n)]));
}

/**
 * The loads of several tables in one map. load_id comes from one sequence for every table (a load is one file or
 * sheet into one table), so the loads of different tables never share an id.
 */
export function loadsOf(scope: FingerprintScope, tables: readonly string[]): LoadCounts {
  const counts: LoadCounts = new Map();
  for (const table of tables) for (const [load, n] of scope.loadCounts.get(table) ?? []) counts.set(load, n);
  return counts;
}

export function countsDigest(counts: LoadCounts): string {
  return sha256(
    [...counts]
      .sort(([a], [b]) => a - b)
      .map(([load, n]) => `${load}:${n}`)
      .join(",")
  );
}

/** Row count and an order-independent sum of row hashes: changes when any row or column value changes. */
export async function contentDigest(conn: DuckDBConnection, name: string, skipped: string[] = []): Promise<string> {
  const relation = skipped.length ? `(select * exclude (${skipped.join(", ")}) from ${name})` : name;
  const reader = await conn.runAndReadAll(
    `select count(*)::varchar || ':' || coalesce(sum(hash(t)::hugeint), 0)::varchar as h from ${relation} as t`
  );
  return String(reader.getRows()[0]![0]);
}

async function tableDigest(scope: FingerprintScope, name: string, skipped: string[]): Promise<string> {
  const key = `${name}|${skipped.join(",")}`;
  let digest = scope.tableDigests.get(key);
  if (digest === undefined) {
    digest = await contentDigest(scope.conn, name, skipped);
    scope.tableDigests.set(key, digest);
  }
  return digest;
}

/**
 * The fingerprint of `model`'s inputs. An incremental model is fingerprinted without the tables it reads load
 * by load (it keeps its own record of those), and an incremental model it reads over the same loads stands for
 * its fingerprint alone: the reader takes that model's rows only for its own pending loads, which that model
 * brought up to date for the same loads just before.
 */
export async function modelFingerprint(scope: FingerprintScope, model: Model): Promise<string> {
  return queryFingerprint(scope, model.name, model.sql, model.loadsOf);
}

function coversLoads(upstream: Model | undefined, readerLoads: readonly string[]): boolean {
  return (
    upstream?.materialized === "incremental" &&
    readerLoads.length > 0 &&
    readerLoads.every((t) => upstream.loadsOf.includes(t))
  );
}

/** The fingerprint of any named query over the models and tables (a model's SQL, a check). */
export async function queryFingerprint(
  scope: FingerprintScope,
  name: string,
  sql: string,
  readerLoads: readonly string[] = []
): Promise<string> {
  const views: Model[] = [];
  const tables: string[] = [];
  const seen = new Set<string>([name, pendingLoadsTable, ...readerLoads]);
  const visit = (text: string) => {
    for (const ref of referencedNames(text)) {
      if (seen.has(ref)) continue;
      seen.add(ref);
      const other = scope.models.get(ref);
      if (other?.materialized === "view") {
        views.push(other);
        visit(other.sql);
      } else {
        tables.push(ref);
      }
    }
  };
  visit(sql);
  const code = [sql, ...views.map((v) => v.sql)].map(stripComments);
  const parts = [
    `macros\n${scope.macrosSql}`,
    `model ${name}\n${sql}`,
    ...views.map((v) => `view ${v.name}\n${v.sql}`)
  ];
  for (const table of tables) {
    const built = scope.built.get(table);
    const upstream = scope.models.get(table);
    if (built !== undefined && coversLoads(upstream, readerLoads))
      parts.push(`incremental ${table} ${scope.builtFingerprints.get(table)}`);
    else if (built !== undefined) parts.push(`model ${table} ${built}`);
    else if (scope.loadCounts.has(table)) parts.push(`loads ${table} ${countsDigest(scope.loadCounts.get(table)!)}`);
    else if (scope.relations.has(table)) {
      const skipped = (scope.volatileColumns[table] ?? []).filter(
        (column) => !code.some((text) => new RegExp(`\\b${column}\\b`).test(text))
      );
      parts.push(`table ${table} ${await tableDigest(scope, table, skipped)}`);
    }
  }
  return sha256(parts.join("\n"));
}

/**
 * What a refreshed model stands for in the fingerprints of the models that read it. An incremental model's
 * output depends on its fingerprint and on the loads it holds.
 */
export function modelIdentity(fingerprint: string, counts?: LoadCounts): string {
  return counts ? sha256(`${fingerprint}\n${countsDigest(counts)}`) : fingerprint;
}

import {createHash} from "node:crypto";
import type {DuckDBConnection} from "@duckdb/node-api";
import {referencedNames, stripComments, type Model} from "./graph.js";
import {relationKinds} from "./relations.js";

/**
 * A model's fingerprint digests everything its output depends on: its SQL and the macros; for each view model
 * it reads, that view's SQL and in turn what it reads; for each model table it reads, a digest of what that model
 * holds (taken when it was built, so a model rebuilt to the same rows changes nothing downstream); for each other
 * table (raw_*, policy_params), its contents. The runner skips a model whose fingerprint matches the one stored
 * when it was last built, so a refresh after an orders load rebuilds only what reads the orders (or as_of), and a
 * refresh with nothing new rebuilds nothing.
 *
 * raw_orders is digested by its row count per load instead of its 10 M rows: rows are only ever inserted under
 * a new load_id or deleted (a corrected file replaces rows by key), so equal counts per load mean equal rows.
 * That is the same rule the incremental models rely on (incremental.ts).
 */
export const orderSource = "raw_orders";
export const pendingLoadsTable = "jc_pending_loads";

/**
 * as_of moves with every orders load (it defaults to the latest order date), so policy_params is digested
 * without it for a model that does not name as_of itself or through the views it reads. The order models read
 * policy_params.order_cutoff instead, which changes only when --as-of cuts off loaded orders.
 */
const asOfColumn = "as_of";

export interface FingerprintScope {
  conn: DuckDBConnection;
  models: Map<string, Model>;
  macrosSql: string;
  /** Row count of every load in raw_orders. */
  orderCounts: Map<number, number>;
  /** Tables and views of the warehouse when the refresh started. */
  relations: Map<string, "table" | "view">;
  /**
   * What each model already refreshed in this run stands for in the fingerprints of its readers: a table's
   * content digest, a view's fingerprint, an incremental model's fingerprint and loads (`modelIdentity`).
   */
  built: Map<string, string>;
  /** Content digests of plain tables, computed once per refresh. */
  tableDigests: Map<string, string>;
}

/** The scope of one refresh, or of one run of the checks: the relations and the order counts, read once. */
export async function fingerprintScope(
  conn: DuckDBConnection,
  models: Map<string, Model>,
  macrosSql: string,
  built: Map<string, string> = new Map()
): Promise<FingerprintScope> {
  return {
    conn,
    models,
    macrosSql,
    relations: await relationKinds(conn),
    orderCounts: await orderLoadCounts(conn),
    built,
    tableDigests: new Map()
  };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Row count of every load in raw_orders, read once per refresh. */
export async function orderLoadCounts(conn: DuckDBConnection): Promise<Map<number, number>> {
  const reader = await conn.runAndReadAll(`select load_id, count(*)::bigint as n from ${orderSource} group by load_id`);
  return new Map(reader.getRows().map(([load, n]) => [Number(load), Number(n)]));
}

export function countsDigest(counts: Map<number, number>): string {
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

async function tableDigest(scope: FingerprintScope, name: string, withAsOf: boolean): Promise<string> {
  const skipped = name === "policy_params" && !withAsOf ? [asOfColumn] : [];
  const key = `${name}|${skipped.join(",")}`;
  let digest = scope.tableDigests.get(key);
  if (digest === undefined) {
    digest = await contentDigest(scope.conn, name, skipped);
    scope.tableDigests.set(key, digest);
  }
  return digest;
}

/**
 * The fingerprint of `model`'s inputs. `excluded` names tables left out (an incremental model reads the order
 * lines load by load and keeps its own record of them). Names that are neither models nor tables (CTEs, table
 * functions) are skipped.
 */
export async function modelFingerprint(
  scope: FingerprintScope,
  model: Model,
  excluded: string[] = []
): Promise<string> {
  return queryFingerprint(scope, model.name, model.sql, excluded);
}

/** The fingerprint of any named query over the models and tables (a model's SQL, a check). */
export async function queryFingerprint(
  scope: FingerprintScope,
  name: string,
  sql: string,
  excluded: string[] = []
): Promise<string> {
  const views: Model[] = [];
  const tables: string[] = [];
  const seen = new Set<string>([name, pendingLoadsTable, ...excluded]);
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
  const asOf = new RegExp(`\\b${asOfColumn}\\b`);
  const withAsOf = [sql, ...views.map((v) => v.sql)].some((text) => asOf.test(stripComments(text)));
  const parts = [
    `macros\n${scope.macrosSql}`,
    `model ${name}\n${sql}`,
    ...views.map((v) => `view ${v.name}\n${v.sql}`)
  ];
  for (const table of tables) {
    const built = scope.built.get(table);
    if (built !== undefined) parts.push(`model ${table} ${built}`);
    else if (table === orderSource) parts.push(`orders ${countsDigest(scope.orderCounts)}`);
    else if (scope.relations.has(table)) parts.push(`table ${table} ${await tableDigest(scope, table, withAsOf)}`);
  }
  return sha256(parts.join("\n"));
}

/**
 * What a refreshed model stands for in the fingerprints of the models that read it. An incremental model's
 * output depends on its fingerprint and on the loads it holds.
 */
export function modelIdentity(fingerprint: string, counts?: Map<number, number>): string {
  return counts ? sha256(`${fingerprint}\n${countsDigest(counts)}`) : fingerprint;
}

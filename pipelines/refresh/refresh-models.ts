import type {DuckDBConnection} from "@duckdb/node-api";
import {modelsProject} from "../models/project.js";
import {policyInForce} from "../policy/load.js";
import {writePolicyParams} from "../policy/params.js";
import type {Policy} from "../policy/schema.js";
import {ModelRunError, runModels, type ModelRun, type RunResult} from "../runner/run.js";
import {culpritText, findCulprit, upstreamOf} from "./diagnose.js";

export interface RefreshOptions {
  /** "Today" for elapsed time and expiry warnings; default: the latest order date loaded (else today). */
  asOf?: Date | string;
  /** Folder of policy JSON files; default data/policy. */
  policyDir?: string;
  /** Jurisdiction (or policy id) to apply; default JICAI_POLICY, then `default`. */
  policy?: string;
  /** Rebuild every model from all its inputs, instead of only what changed. */
  full?: boolean;
}

export type {ModelRun};

export interface RefreshResult extends RunResult {
  asOf: string;
  policy: {id: string; jurisdiction: string; name: string; file: string};
}

/** A date as YYYY-MM-DD; a string must already be one. */
export function isoDate(value: Date | string): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Error(`日期 “${value}” 格式应为 2025-03-01`);
  }
  return value;
}

async function latestOrderDate(conn: DuckDBConnection): Promise<string | null> {
  const reader = await conn.runAndReadAll("select strftime(max(order_date), '%Y-%m-%d') as d from raw_orders");
  const latest = reader.getRowObjectsJS()[0]?.d;
  return typeof latest === "string" ? latest : null;
}

/** The as-of date the marts were last refreshed for (policy_params), or null before the first refresh. */
export async function martsAsOf(conn: DuckDBConnection): Promise<string | null> {
  const tables = await conn.runAndReadAll(
    "select count(*) as n from duckdb_tables() where schema_name = 'main' and table_name = 'policy_params'"
  );
  if (Number(tables.getRowObjectsJS()[0]!.n) === 0) return null;
  const reader = await conn.runAndReadAll("select strftime(max(as_of), '%Y-%m-%d') as d from policy_params");
  const value = reader.getRowObjectsJS()[0]?.d;
  return typeof value === "string" ? value : null;
}

/**
 * Brings every model up to date (the runner, in one transaction: if any model fails, the previous marts stay as
 * they were) under the policy in force on `asOf`, written to `policy_params` first; the models read it. Orders
 * after an `asOf` earlier than the latest order date are cut off (policy_params.order_cutoff).
 */
export async function refreshModels(conn: DuckDBConnection, options: RefreshOptions = {}): Promise<RefreshResult> {
  const latest = await latestOrderDate(conn);
  const asOf = options.asOf ? isoDate(options.asOf) : (latest ?? isoDate(new Date()));
  const orderCutoff = latest !== null && asOf < latest ? asOf : null;
  const {file, policy} = policyInForce({dir: options.policyDir, jurisdiction: options.policy, asOf});
  const prepare = (c: DuckDBConnection) => writePolicyParams(c, policy, asOf, orderCutoff);
  let result: RunResult;
  try {
    result = await runModels(conn, modelsProject, {full: options.full, prepare});
  } catch (error) {
    if (!(error instanceof ModelRunError)) throw error;
    // Name the load, file and row the model failed on, when one explains it (diagnose.ts).
    const culprit = await findCulprit(conn, upstreamOf(error.models, error.model), async () => {
      await prepare(conn);
      await conn.run(modelsProject.macrosSql());
    }).catch(() => null);
    if (!culprit) throw error;
    throw new Error(`${error.message}。${culpritText(culprit)}`);
  }
  return {asOf, policy: describe(policy, file), ...result};
}

function describe(policy: Policy, file: string): RefreshResult["policy"] {
  return {id: policy.id, jurisdiction: policy.jurisdiction, name: policy.name, file};
}

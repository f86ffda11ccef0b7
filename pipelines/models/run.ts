import {readFileSync} from "node:fs";
import type {DuckDBConnection} from "@duckdb/node-api";
import {policyInForce} from "../policy/load.js";
import {writePolicyParams} from "../policy/params.js";
import type {Policy} from "../policy/schema.js";
import {discoverModels, modelsDir, orderModels, type Model} from "./graph.js";
import {martColumnLabels} from "./labels.js";

export interface RefreshOptions {
  /** "Today" for elapsed time and expiry warnings; default: the latest order date loaded (else today). */
  asOf?: Date | string;
  /** Folder of policy JSON files; default data/policy. */
  policyDir?: string;
  /** Jurisdiction (or policy id) to apply; default JICAI_POLICY, then `default`. */
  policy?: string;
}

export interface ModelRun {
  name: string;
  /** Row count of a table; null for a view (counting would compute it). */
  rows: number | null;
  ms: number;
}

export interface RefreshResult {
  asOf: string;
  policy: {id: string; jurisdiction: string; name: string; file: string};
  models: ModelRun[];
}

/** A date as YYYY-MM-DD; a string must already be one. */
export function isoDate(value: Date | string): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Error(`日期 “${value}” 格式应为 2025-03-01`);
  }
  return value;
}

async function defaultAsOf(conn: DuckDBConnection): Promise<string> {
  const reader = await conn.runAndReadAll("select strftime(max(order_date), '%Y-%m-%d') as d from stg_orders");
  const latest = reader.getRowObjectsJS()[0]?.d;
  return typeof latest === "string" ? latest : isoDate(new Date());
}

async function objectType(conn: DuckDBConnection, name: string): Promise<"view" | "table" | null> {
  const reader = await conn.runAndReadAll(
    `select 'table' as t from duckdb_tables() where table_name = $1 and schema_name = 'main' and not temporary
     union all select 'view' from duckdb_views() where view_name = $1 and schema_name = 'main' and not temporary`,
    [name]
  );
  return (reader.getRowObjectsJS()[0]?.t as "view" | "table" | undefined) ?? null;
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

async function materialize(conn: DuckDBConnection, model: Model): Promise<number | null> {
  const existing = await objectType(conn, model.name);
  if (existing && existing !== model.materialized) await conn.run(`drop ${existing} ${model.name}`);
  await conn.run(`create or replace ${model.materialized} ${model.name} as\n${model.sql}`);
  if (model.materialized === "view") return null;
  const reader = await conn.runAndReadAll(`select count(*)::integer as n from ${model.name}`);
  const labels = martColumnLabels[model.name];
  if (labels) {
    const columns = await conn.runAndReadAll(
      "select column_name from duckdb_columns() where table_name = $1 and schema_name = 'main'",
      [model.name]
    );
    for (const {column_name} of columns.getRowObjectsJS()) {
      const label = labels[String(column_name)];
      if (label) await conn.run(`comment on column ${model.name}."${column_name}" is ${sqlString(label)}`);
    }
  }
  return Number(reader.getRowObjectsJS()[0]!.n);
}

/**
 * Rebuilds every model in dependency order inside one transaction: if any model fails, the previous marts
 * stay as they were. The policy in force on `asOf` is written to `policy_params` first; the models read it.
 */
export async function refreshModels(conn: DuckDBConnection, options: RefreshOptions = {}): Promise<RefreshResult> {
  const asOf = options.asOf ? isoDate(options.asOf) : await defaultAsOf(conn);
  const {file, policy} = policyInForce({dir: options.policyDir, jurisdiction: options.policy, asOf});
  const models = orderModels(discoverModels());
  const runs: ModelRun[] = [];
  await conn.run("begin transaction");
  try {
    await writePolicyParams(conn, policy, asOf);
    await conn.run(readFileSync(`${modelsDir}macros.sql`, "utf8"));
    for (const model of models) {
      const started = performance.now();
      let rows: number | null;
      try {
        rows = await materialize(conn, model);
      } catch (error) {
        throw new Error(`模型 ${model.layer}/${model.name}.sql 运行失败：${(error as Error).message}`);
      }
      runs.push({name: model.name, rows, ms: Math.round(performance.now() - started)});
    }
    await conn.run("commit");
  } catch (error) {
    await conn.run("rollback");
    throw error;
  }
  return {asOf, policy: describe(policy, file), models: runs};
}

function describe(policy: Policy, file: string): RefreshResult["policy"] {
  return {id: policy.id, jurisdiction: policy.jurisdiction, name: policy.name, file};
}

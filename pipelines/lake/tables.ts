import type {DuckDBConnection} from "@duckdb/node-api";
import {marts as martModels} from "../models/marts.js";
import type {LakeTable, PartitionColumn} from "./manifest.js";
import {provinceCodeSql} from "./province-code.js";

export interface TableExport {
  name: string;
  layer: LakeTable["layer"];
  partitionedBy: PartitionColumn[];
}

/** The two large facts are partitioned; everything else is small enough for one file per table. */
const partitioning: Record<string, PartitionColumn[]> = {
  raw_orders: [
    {name: "year", type: "INTEGER", expression: "year(order_date)"},
    {name: "month", type: "INTEGER", expression: "month(order_date)"}
  ],
  raw_listing_prices: [{name: "province_code", type: "VARCHAR", expression: provinceCodeSql("province")}]
};

/**
 * The policy tables the marts join to (every policy_* table writePolicyParams writes: the policy, retention
 * grades, the monitoring thresholds, price-risk tiers and credit levels): without them the mart SQL cannot run
 * elsewhere.
 */
const isParameterTable = (name: string) => name.startsWith("policy_");

/**
 * Recorded inputs that are not loaded files but that a mart reads like one: the alerts recorded for earlier
 * as-of dates (the alerts mart's status). Exported beside the raw tables, so a rebuild from the lake has them.
 */
const recordedTables = ["alert_history"];

async function existingTables(conn: DuckDBConnection): Promise<Set<string>> {
  const reader = await conn.runAndReadAll(
    "select table_name from duckdb_tables() where schema_name = 'main' and not temporary"
  );
  return new Set(reader.getRowObjectsJS().map((r) => String(r.table_name)));
}

/**
 * What a lake holds, in order: every raw table (raw_*, the loaded facts and reference data, and the recorded
 * alert history), the policy
 * parameters, and every mart the models build. Intermediate models are left out: they are derived, and the
 * mart SQL rebuilds them from the raw tables.
 */
export async function lakeTables(conn: DuckDBConnection): Promise<TableExport[]> {
  const tables = await existingTables(conn);
  const raw = [...tables].filter((t) => t.startsWith("raw_") || recordedTables.includes(t)).sort();
  // data_quality_notes describes loads (what a refresh left NULL and why), not facts: it stays in the warehouse.
  const marts = martModels
    .filter((m) => m.materialized === "table" && tables.has(m.name) && m.name !== "data_quality_notes")
    .map((m) => m.name);
  return [
    ...raw.map((name) => ({name, layer: "raw" as const, partitionedBy: partitioning[name] ?? []})),
    ...[...tables]
      .filter(isParameterTable)
      .sort()
      .map((name) => ({name, layer: "parameters" as const, partitionedBy: []})),
    ...marts.map((name) => ({name, layer: "marts" as const, partitionedBy: []}))
  ];
}

/**
 * The job plan `jicai spark-marts` hands to the Spark job (run_marts.py): the lake's tables as its manifest lists
 * them, every model translated to Spark SQL in dependency order, and each mart's columns and types from the lake.
 * The translation runs the models' own files through transpile.py (SQLGlot) with the macros of macros.sql and
 * Spark's bodies for the few speed-path macros (spark_macros.sql); nothing else holds a copy of a model.
 */
import {spawnSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import type {LakeManifest} from "../lake/manifest.js";
import {modelsProject} from "../models/project.js";
import {pendingLoadsTable} from "../runner/fingerprint.js";
import {buildOrder, type Model} from "../runner/models.js";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
export const transpileScript = here("./transpile.py");
export const jobScript = here("./run_marts.py");
export const sparkMacrosFile = here("./spark_macros.sql");

interface PlanColumn {
  name: string;
  /** DuckDB type name as in the manifest; the job maps it to Spark's. */
  type: string;
  label?: string;
}

export interface SparkPlan {
  format: "jicai-spark-plan";
  /** Lake tables to register, each over exactly its files (paths relative to the lake). */
  tables: {name: string; layer: string; rows: number; files: string[]; columns: PlanColumn[]}[];
  /** Each model's shared CTEs (steps, computed first) and its own statement, in dependency order. */
  models: {
    name: string;
    layer: Model["layer"];
    materialized: Model["materialized"];
    steps: {name: string; sql: string}[];
    spark_sql: string;
  }[];
  /**
   * Marts to write: those the lake lists (the contract), with the lake's columns (in order, with types and labels);
   * every mart with no columns when the lake lists none.
   */
  marts: {name: string; columns: PlanColumn[]}[];
  pending_loads_table: string;
  /** The tables the incremental models read load by load: Spark builds from all loads, so every load of these. */
  pending_loads_from: string[];
}

/** Every model as Spark SQL, in dependency order; a model SQLGlot cannot read is one Chinese line naming it. */
export function translateModels(python: string): SparkPlan["models"] {
  const models = buildOrder(modelsProject);
  const request = {
    macros: [modelsProject.macrosSql(), readFileSync(sparkMacrosFile, "utf8")],
    models: models.map((m) => ({name: m.name, sql: m.sql}))
  };
  const result = spawnSync(python, [transpileScript], {
    input: JSON.stringify(request),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024
  });
  if (result.status !== 0) {
    const line = (result.stderr || result.error?.message || "").trim().split("\n").pop();
    throw new Error(`模型无法转换为 Spark SQL：${line}`);
  }
  type Translated = {name: string; steps: {name: string; sql: string}[]; spark_sql: string};
  const translated = new Map((JSON.parse(result.stdout) as {models: Translated[]}).models.map((m) => [m.name, m]));
  return models.map((m) => ({
    name: m.name,
    layer: m.layer,
    materialized: m.materialized,
    steps: translated.get(m.name)!.steps,
    spark_sql: translated.get(m.name)!.spark_sql
  }));
}

/**
 * The models the given marts are built from, the marts included (every model when `marts` is null). A mart the lake
 * keeps out (data_quality_notes, which describes loads) has no reference answer there and is not computed.
 */
function modelsNeeded(marts: string[] | null): Set<string> {
  const models = buildOrder(modelsProject);
  if (!marts) return new Set(models.map((m) => m.name));
  const byName = new Map(models.map((m) => [m.name, m]));
  const needed = new Set<string>();
  const visit = (name: string) => {
    const model = byName.get(name);
    if (!model || needed.has(name)) return;
    needed.add(name);
    model.deps.forEach(visit);
  };
  marts.forEach(visit);
  return needed;
}

/** The plan for a lake whose manifest has been read (and validated) with readLakeManifest. */
export function buildSparkPlan(manifest: LakeManifest, python: string): SparkPlan {
  const columns = (cs: PlanColumn[]) => cs.map(({name, type, label}) => ({name, type, ...(label ? {label} : {})}));
  const lakeMarts = new Map(manifest.tables.filter((t) => t.layer === "marts").map((t) => [t.name, t]));
  const needed = modelsNeeded(lakeMarts.size ? [...lakeMarts.keys()] : null);
  const models = translateModels(python).filter((m) => needed.has(m.name));
  return {
    format: "jicai-spark-plan",
    tables: manifest.tables
      .filter((t) => t.layer !== "marts")
      .map((t) => ({
        name: t.name,
        layer: t.layer,
        rows: t.rows,
        files: t.files.map((f) => f.path),
        columns: columns(t.columns)
      })),
    models,
    marts: models
      .filter((m) => m.layer === "marts" && (lakeMarts.size === 0 || lakeMarts.has(m.name)))
      .map((m) => ({name: m.name, columns: columns(lakeMarts.get(m.name)?.columns ?? [])})),
    pending_loads_table: pendingLoadsTable,
    pending_loads_from: [...new Set(buildOrder(modelsProject).flatMap((m) => m.loadsOf))].sort()
  };
}

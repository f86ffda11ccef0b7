import {readdirSync} from "node:fs";
import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {loadFile} from "../../load/load-file.js";
import {refreshWarehouse} from "../../refresh/refresh-warehouse.js";
import {openWarehouse} from "../../warehouse/open.js";
import {sqlIdentifier, sqlString} from "../../warehouse/sql.js";
import {measure, removeDatabase, type StepOutcome} from "./measure.js";

/** The context a real file needs on the command line (`--province`, `--batch`). */
export interface JicaiLoadOptions {
  province?: string;
  batch?: string;
}

/**
 * Our loader (detection, cleaning, validation, rejects, load_log, one transaction) into a fresh warehouse; with
 * `refresh`, followed by the refresh of every model, as `jicai load` runs it.
 */
export async function loadWithJicai(
  file: string,
  db: string,
  options: JicaiLoadOptions = {},
  {refresh = false}: {refresh?: boolean} = {}
): Promise<StepOutcome> {
  removeDatabase(db);
  const warehouse = await openWarehouse(db);
  try {
    return await measure(async () => {
      const results = await loadFile(warehouse.conn, file, options);
      const failed = results.find((r) => r.status !== "loaded");
      if (failed) throw new Error(`载入失败（${failed.status}）：${failed.message ?? ""}`);
      if (refresh) await refreshWarehouse(warehouse.conn);
      const sum = (k: "rows_read" | "rows_loaded" | "rows_rejected") => results.reduce((s, r) => s + r[k], 0);
      return {
        rows: sum("rows_read"),
        detail: {
          rows_loaded: sum("rows_loaded"),
          rows_rejected: sum("rows_rejected"),
          timings: results[0]?.timings ?? {}
        }
      };
    });
  } finally {
    warehouse.close();
    removeDatabase(db);
  }
}

export type DuckdbVariant = "auto" | "all_varchar" | "text-then-typed";

/**
 * DuckDB's own reader and nothing else: the ceiling for a CSV load on this machine. `auto` is the plain
 * `read_csv(file)`; its types come from a 20 480-row sample, so a file whose later rows change style (the
 * quarterly exports switch from 2025-01-03 to 2025年1月3日) is refused at the first such row. Then the
 * measured statement is DuckDB's own advice, `sample_size = -1` (detect over the whole file); the refused
 * attempt is not timed. `all_varchar` reads every field as text: the parse alone, no typing.
 * `text-then-typed` is the least any loader of our design does: every field read as text into a table whose rowid
 * is the file's row (rejects must name it), then one plain cast per column into the stored table, with the types
 * DuckDB detects (detected before the clock starts, as our loader knows its types from the contract).
 */
export async function loadWithDuckdb(file: string, db: string, variant: DuckdbVariant): Promise<StepOutcome> {
  removeDatabase(db);
  const warehouse = await openWarehouse(db);
  const ctas = (options: string) =>
    `create or replace table bench_read_csv as from read_csv(${sqlString(file)}${options})`;
  const measured = async (options: string, detail: Record<string, unknown>) => {
    const outcome = await measure(async () => {
      await warehouse.conn.run(ctas(options));
      return {rows: null, detail};
    });
    const reader = await warehouse.conn.runAndReadAll("select count(*)::integer from bench_read_csv");
    outcome.rows = Number(reader.getRows()[0]![0]);
    return outcome;
  };
  try {
    if (variant === "all_varchar") return await measured(", all_varchar = true", {variant: "all_varchar = true"});
    if (variant === "text-then-typed") return await textThenTyped(warehouse.conn, file);
    const started = performance.now();
    try {
      return await measured("", {variant: "auto-detect"});
    } catch (error) {
      if (!/Conversion Error|Could not convert/i.test((error as Error).message)) throw error;
      const refusal = (error as Error).message.split("\n").find((line) => /Could not convert/.test(line)) ?? "";
      await warehouse.conn.run("drop table if exists bench_read_csv");
      return await measured(", sample_size = -1", {
        variant: "sample_size = -1",
        refusedPlainMs: Math.round(performance.now() - started),
        refusal
      });
    }
  } finally {
    warehouse.close();
    removeDatabase(db);
  }
}

async function textThenTyped(conn: DuckDBConnection, file: string): Promise<StepOutcome> {
  const described = await conn.runAndReadAll(`describe select * from read_csv(${sqlString(file)}, sample_size = -1)`);
  const casts = described
    .getRowObjectsJS()
    .map((c) => `try_cast(${sqlIdentifier(String(c.column_name))} as ${String(c.column_type)})`);
  const outcome = await measure(async () => {
    await conn.run(`create temp table bench_text as from read_csv(${sqlString(file)}, all_varchar = true)`);
    await conn.run(
      `create table bench_read_csv as select (rowid + 1)::integer as source_row, ${casts.join(", ")} from bench_text`
    );
    return {rows: null, detail: {variant: "text-then-typed"}};
  });
  const reader = await conn.runAndReadAll("select count(*)::integer from bench_read_csv");
  outcome.rows = Number(reader.getRows()[0]![0]);
  return outcome;
}

/** The files of a folder of small inputs, in name order. */
function folderFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .map((name) => join(dir, name));
}

/**
 * A folder of small files loaded one by one into one warehouse, as `jicai load <folder>` loads them (the refresh
 * after the last file is measured apart). Rows are the files: the figure is the time per file.
 */
export async function loadFolderWithJicai(dir: string, db: string): Promise<StepOutcome> {
  removeDatabase(db);
  const warehouse = await openWarehouse(db);
  const files = folderFiles(dir);
  try {
    return await measure(async () => {
      const timings: Record<string, number> = {};
      const status: Record<string, number> = {};
      for (const file of files) {
        for (const result of await loadFile(warehouse.conn, file)) {
          status[result.status] = (status[result.status] ?? 0) + 1;
          for (const [step, ms] of Object.entries(result.timings ?? {})) timings[step] = (timings[step] ?? 0) + ms;
        }
      }
      if (status.loaded !== files.length) throw new Error(`小文件未全部载入：${JSON.stringify(status)}`);
      return {rows: files.length, detail: {timings}};
    });
  } finally {
    warehouse.close();
    removeDatabase(db);
  }
}

/** DuckDB's own read of the same small files, one table per file (replaced), in one connection. */
export async function loadFolderWithDuckdb(dir: string, db: string): Promise<StepOutcome> {
  removeDatabase(db);
  const warehouse = await openWarehouse(db);
  const files = folderFiles(dir);
  try {
    return await measure(async () => {
      for (const file of files)
        await warehouse.conn.run(`create or replace table bench_read_csv as from read_csv(${sqlString(file)})`);
      return {rows: files.length, detail: {}};
    });
  } finally {
    warehouse.close();
    removeDatabase(db);
  }
}

import {mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {openWarehouse, type Warehouse} from "../../pipelines/warehouse/open.js";
import {defaultPolicyDir} from "../../pipelines/policy/load.js";

export type Row = Record<string, string | number | boolean | null>;

/** A fresh warehouse in a temp folder; `cleanup` closes and deletes it. */
export async function tempWarehouse(): Promise<{warehouse: Warehouse; dir: string; path: string; cleanup(): void}> {
  const dir = mkdtempSync(join(tmpdir(), "jicai-models-"));
  const path = join(dir, "warehouse.duckdb");
  const warehouse = await openWarehouse(path);
  return {
    warehouse,
    dir,
    path,
    cleanup() {
      warehouse.close();
      rmSync(dir, {recursive: true, force: true});
    }
  };
}

/**
 * Inserts hand-written rows into a raw table as the loader would leave them: load_id, source_file and source_row
 * filled in, and a `loaded` load_log row for each load (rows without one are what a killed load leaves, and the
 * next open for writing removes them). Numbers travel as text so DECIMAL columns get exactly the written value.
 */
export async function insertRows(conn: DuckDBConnection, table: string, rows: Row[]): Promise<void> {
  for (const [i, row] of rows.entries()) {
    const full: Row = {load_id: 1, source_file: "fixture.xlsx", source_row: i + 2, ...row};
    const columns = Object.keys(full);
    const values = columns.map((c) => {
      const v = full[c];
      return typeof v === "number" ? String(v) : v;
    });
    await conn.run(
      `insert into ${table} (${columns.join(", ")}) values (${columns.map((_, j) => `$${j + 1}`).join(", ")})`,
      values
    );
    await conn.run(
      `insert into load_log (load_id, file, file_name, sha256, status, started_at, finished_at)
       select $1, $2, $2, 'fixture', 'loaded', current_timestamp, current_timestamp
       where not exists (select 1 from load_log where load_id = $1)`,
      [String(full.load_id), String(full.source_file)]
    );
  }
}

/** Rows of a query as JSON-safe objects (DECIMAL and BIGINT as exact text, DATE as 2025-03-01). */
export async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** A decimal column value as a number, for toBeCloseTo; exact text comparisons use the string. */
export const num = (value: unknown): number => Number(value);

/**
 * A policy folder inside `parent` (a fixture's temp folder, removed with it) holding one shipped policy with
 * some fields replaced (deep merge of plain objects).
 */
export function policyDirWith(parent: string, file: string, overrides: Record<string, unknown>): string {
  const dir = mkdtempSync(join(parent, "policy-"));
  mkdirSync(dir, {recursive: true});
  const base = JSON.parse(readFileSync(join(defaultPolicyDir, file), "utf8")) as Record<string, unknown>;
  writeFileSync(join(dir, file), JSON.stringify(merge(base, overrides), null, 2));
  return dir;
}

function merge(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {...base};
  for (const [k, v] of Object.entries(overrides)) {
    const b = base[k];
    out[k] =
      v && typeof v === "object" && !Array.isArray(v) && b && typeof b === "object" && !Array.isArray(b)
        ? merge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

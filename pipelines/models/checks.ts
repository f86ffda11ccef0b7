import {readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {modelsDir} from "./graph.js";

export const checksDir = join(modelsDir, "checks");

/** One data-quality assertion: a query that returns the failing rows, so zero rows means it passes. */
export interface CheckDefinition {
  name: string;
  /** Chinese, from the file's `-- 说明:` line. */
  description: string;
  /** An error fails `jicai check`; a warning is reported only. */
  severity: "error" | "warning";
  sql: string;
}

export interface CheckResult {
  name: string;
  description: string;
  severity: "error" | "warning";
  passed: boolean;
  rowsFailing: number;
  /** Up to five failing rows, values as JSON (numbers and dates as text). */
  sample: Record<string, unknown>[];
  /** The query could not run (e.g. the marts were never built). */
  error?: string;
}

const sampleSize = 5;

/** Reads every `checks/*.sql`; the file name is the check name. */
export function discoverChecks(dir: string = checksDir): CheckDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), "utf8");
      const description = /^--\s*说明[:：]\s*(.+)$/m.exec(sql)?.[1]?.trim();
      if (!description) throw new Error(`检查 ${file} 缺少 “-- 说明:” 行`);
      const severity = /^--\s*severity:\s*warning\s*$/m.test(sql) ? "warning" : "error";
      return {name: file.slice(0, -4), description, severity, sql: sql.trim().replace(/;\s*$/, "")};
    });
}

async function runOne(conn: DuckDBConnection, check: CheckDefinition): Promise<CheckResult> {
  const base = {name: check.name, description: check.description, severity: check.severity};
  try {
    const count = await conn.runAndReadAll(`select count(*)::integer as n from (\n${check.sql}\n)`);
    const rowsFailing = Number(count.getRowObjectsJS()[0]!.n);
    const sample = rowsFailing
      ? (await conn.runAndReadAll(`select * from (\n${check.sql}\n) limit ${sampleSize}`)).getRowObjectsJson()
      : [];
    return {...base, passed: rowsFailing === 0, rowsFailing, sample};
  } catch (error) {
    const message = (error as Error).message.split("\n")[0]!;
    return {...base, passed: false, rowsFailing: 0, sample: [], error: message};
  }
}

async function storeResults(conn: DuckDBConnection, results: CheckResult[]): Promise<void> {
  await conn.run("begin transaction");
  try {
    await conn.run("delete from check_results");
    for (const r of results) {
      await conn.run("insert into check_results values ($1, $2, $3, $4, $5, $6, $7, current_timestamp)", [
        r.name,
        r.description,
        r.severity,
        r.passed,
        r.rowsFailing,
        r.sample.length ? JSON.stringify(r.sample) : null,
        r.error ?? null
      ]);
    }
    await conn.run("commit");
  } catch (error) {
    await conn.run("rollback");
    throw error;
  }
}

/** Runs every check; with `store` (default) the results replace the rows of `check_results`. */
export async function runChecks(
  conn: DuckDBConnection,
  options: {dir?: string; store?: boolean} = {}
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of discoverChecks(options.dir)) results.push(await runOne(conn, check));
  if (options.store ?? true) await storeResults(conn, results);
  return results;
}

/** True when no error-severity check failed. */
export function checksPassed(results: CheckResult[]): boolean {
  return results.every((r) => r.passed || (r.severity === "warning" && !r.error));
}

function formatSample(rows: Record<string, unknown>[]): string[] {
  return rows.map((row) => "      " + Object.entries(row).map(([k, v]) => `${k}=${v === null ? "空" : String(v)}`).join("  "));
}

/** A readable Chinese report: one line per check, failing rows sampled under the failures. */
export function formatCheckReport(results: CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const mark = r.passed ? "通过" : r.severity === "warning" ? "提示" : "失败";
    const detail = r.error ? `无法运行：${r.error}` : r.passed ? "" : `${r.rowsFailing} 行不符`;
    lines.push(`[${mark}] ${r.name}：${r.description}${detail ? ` —— ${detail}` : ""}`);
    if (!r.passed) lines.push(...formatSample(r.sample));
  }
  const errors = results.filter((r) => !r.passed && r.severity === "error").length;
  const warnings = results.filter((r) => !r.passed && r.severity === "warning").length;
  lines.push("");
  lines.push(
    errors
      ? `共 ${results.length} 项检查，${errors} 项失败，${warnings} 项提示。`
      : `共 ${results.length} 项检查全部通过${warnings ? `（${warnings} 项提示）` : ""}。`
  );
  return lines.join("\n");
}

import {readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {inTransaction} from "../warehouse/durable.js";
import {checkFingerprints} from "./check-fingerprints.js";
import {discoverModels, type Model} from "./models.js";
import type {Project} from "./project.js";

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

/** What people see of check_results (migration 002): its title and column labels, and the severities' names. */
export const checkResultsColumns = {
  title: "数据质量检查",
  columns: {
    check_name: "检查项",
    description: "说明",
    severity: "级别",
    passed: "是否通过",
    rows_failing: "不符行数",
    sample: "示例",
    error: "运行错误",
    run_at: "检查时间",
    as_of: "统计日期"
  } as Record<string, string>,
  values: {severity: {error: "失败级", warning: "提示级"}} as Record<string, Record<string, string>>
};

/** Reads every `<check>.sql` of a folder; the file name is the check name. */
export function discoverChecks(dir: string): CheckDefinition[] {
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
    // ordered by every column, so the sample does not depend on the order rows were loaded in
    const sample = rowsFailing
      ? (
          await conn.runAndReadAll(`select * from (\n${check.sql}\n) order by all limit ${sampleSize}`)
        ).getRowObjectsJson()
      : [];
    return {...base, passed: rowsFailing === 0, rowsFailing, sample};
  } catch (error) {
    const message = (error as Error).message.split("\n")[0]!;
    return {...base, passed: false, rowsFailing: 0, sample: [], error: message};
  }
}

/** The stored result of every check that recorded the fingerprint of its inputs. */
async function storedResults(conn: DuckDBConnection): Promise<Map<string, {fingerprint: string; result: CheckResult}>> {
  const reader = await conn.runAndReadAll(
    "select check_name, description, severity, passed, rows_failing, sample, error, fingerprint from check_results where fingerprint is not null"
  );
  return new Map(
    reader.getRowObjectsJS().map((r) => [
      String(r.check_name),
      {
        fingerprint: String(r.fingerprint),
        result: {
          name: String(r.check_name),
          description: String(r.description),
          severity: r.severity === "warning" ? "warning" : "error",
          passed: Boolean(r.passed),
          rowsFailing: Number(r.rows_failing),
          sample: r.sample === null ? [] : (JSON.parse(String(r.sample)) as Record<string, unknown>[]),
          ...(r.error === null ? {} : {error: String(r.error)})
        }
      }
    ])
  );
}

async function storeResults(
  conn: DuckDBConnection,
  results: CheckResult[],
  fingerprints: Map<string, string>,
  asOf: string | null
): Promise<void> {
  await inTransaction(conn, async () => {
    await conn.run("delete from check_results");
    for (const r of results) {
      await conn.run(
        `insert into check_results
           (check_name, description, severity, passed, rows_failing, sample, error, run_at, fingerprint, as_of)
         values ($1, $2, $3, $4, $5, $6, $7, current_timestamp, $8, $9::date)`,
        [
          r.name,
          r.description,
          r.severity,
          r.passed,
          r.rowsFailing,
          r.sample.length ? JSON.stringify(r.sample) : null,
          r.error ?? null,
          fingerprints.get(r.name) ?? null,
          asOf
        ]
      );
    }
  });
}

/** A model's key check: no two rows share the columns of its descriptor's `unique_key`. */
function uniqueKeyCheck(model: Model, key: string[]): CheckDefinition {
  const labels = key.map((column) => {
    const described = model.descriptor.columns?.[column];
    return (typeof described === "string" ? described : described?.label) ?? column;
  });
  return {
    name: `unique_${model.name}`,
    description: `${model.descriptor.title ?? model.name}每行唯一（${labels.join(" + ")}不重复）`,
    severity: "error",
    sql: `select ${key.join(", ")}, count(*) as rows\nfrom ${model.name}\ngroup by all\nhaving count(*) > 1`
  };
}

/** The project's checks: its check files, the models' key checks and the checks derived elsewhere, by name. */
export function projectChecks(project: Project): CheckDefinition[] {
  const keys = discoverModels(project).flatMap((m) =>
    m.descriptor.unique_key ? [uniqueKeyCheck(m, m.descriptor.unique_key)] : []
  );
  const checks = [...discoverChecks(project.checksDir), ...keys, ...(project.derivedChecks?.() ?? [])];
  const names = new Set<string>();
  for (const check of checks) {
    if (names.has(check.name)) throw new Error(`检查名称重复：${check.name}`);
    names.add(check.name);
  }
  return checks.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Runs every check of the project; with `store` (default) the results replace the rows of `check_results`, each
 * with the fingerprint of its inputs. With `reuse`, a check whose inputs are unchanged since its stored result
 * keeps that result instead of running again (the checks after a load); `jicai check` runs them all. `asOf` is
 * stored with every result: the date the checked data describes.
 */
export async function runChecks(
  conn: DuckDBConnection,
  project: Project,
  options: {store?: boolean; reuse?: boolean; asOf?: string | null} = {}
): Promise<CheckResult[]> {
  const checks = projectChecks(project);
  const store = options.store ?? true;
  const fingerprints = store ? await checkFingerprints(conn, project, checks) : new Map<string, string>();
  const stored =
    store && options.reuse ? await storedResults(conn) : new Map<string, {fingerprint: string; result: CheckResult}>();
  const results: CheckResult[] = [];
  for (const check of checks) {
    const previous = stored.get(check.name);
    results.push(
      previous && previous.fingerprint === fingerprints.get(check.name) ? previous.result : await runOne(conn, check)
    );
  }
  if (store) await storeResults(conn, results, fingerprints, options.asOf ?? null);
  return results;
}

/** True when no error-severity check failed. */
export function checksPassed(results: CheckResult[]): boolean {
  return results.every((r) => r.passed || (r.severity === "warning" && !r.error));
}

function formatSample(rows: Record<string, unknown>[]): string[] {
  return rows.map(
    (row) =>
      "      " +
      Object.entries(row)
        .map(([k, v]) => `${k}=${v === null ? "空" : String(v)}`)
        .join("  ")
  );
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

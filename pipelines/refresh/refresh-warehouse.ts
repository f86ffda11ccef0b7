import type {DuckDBConnection} from "@duckdb/node-api";
import {modelsProject} from "../models/project.js";
import {checksPassed, runChecks, type CheckResult} from "../runner/checks.js";
import {inTransaction} from "../warehouse/durable.js";
import {recordAlerts} from "./record-alerts.js";
import {refreshModels, type RefreshOptions, type RefreshResult} from "./refresh-models.js";

/** What one refresh of the warehouse did: the models, the checks, and the load the marts are now current with. */
export interface WarehouseRefresh extends RefreshResult {
  checks: CheckResult[];
  /** Marts (not intermediate or staging models) rebuilt or brought up to date by this refresh. */
  martsRebuilt: number;
  /** Marts in all. */
  marts: number;
  /** The newest loaded load_id the marts now reflect (recorded in marts_refreshed). */
  throughLoad: number;
  /** Milliseconds: the models (RefreshResult.timings in detail), the checks, and the whole. */
  ms: {models: number; checks: number; total: number};
}

async function newestLoad(conn: DuckDBConnection): Promise<number> {
  const reader = await conn.runAndReadAll(
    "select coalesce(max(load_id), 0) as through from load_log where status = 'loaded'"
  );
  return Number(reader.getRowObjectsJS()[0]!.through);
}

/**
 * What every command that changes the data runs afterwards (load, unload, refresh, restore, hospital-pack): the
 * models (refreshModels: only what the change touched, in one transaction), the record of this date's alerts
 * (recordAlerts, for the next refresh to tell new alerts from continuing ones), then the data-quality checks against
 * them, stored with the as-of date they describe (a check whose inputs did not change keeps its stored result),
 * then the record that the marts are current with the newest load (marts_refreshed; a load interrupted before
 * this point is refreshed by the next `jicai load`). A failing check is reported, not fatal: `jicai check` is the
 * gate. A failing refresh leaves the previous marts and their checks in place.
 */
export async function refreshWarehouse(
  conn: DuckDBConnection,
  options: RefreshOptions = {}
): Promise<WarehouseRefresh> {
  const started = performance.now();
  const refresh = await refreshModels(conn, options);
  await recordAlerts(conn, refresh.asOf);
  const modelsDone = performance.now();
  const checks = await runChecks(conn, modelsProject, {reuse: !options.full, asOf: refresh.asOf});
  const checksDone = performance.now();
  const throughLoad = await newestLoad(conn);
  await inTransaction(conn, () =>
    conn.run("insert into marts_refreshed values ($1, current_timestamp)", [throughLoad])
  );
  const marts = refresh.models.filter((m) => m.layer === "marts");
  return {
    ...refresh,
    checks,
    martsRebuilt: marts.filter((m) => m.mode !== "unchanged").length,
    marts: marts.length,
    throughLoad,
    ms: {
      models: Math.round(modelsDone - started),
      checks: Math.round(checksDone - modelsDone),
      total: Math.round(performance.now() - started)
    }
  };
}

/** The one line a command prints after refreshing: marts rebuilt, the policy and date, the checks, the time. */
export function describeRefresh(result: WarehouseRefresh): string {
  const failed = result.checks.filter((c) => !c.passed).length;
  const quality = checksPassed(result.checks)
    ? `数据质量检查 ${result.checks.length} 项${failed ? `（${failed} 项提示）` : "全部通过"}`
    : `数据质量检查有 ${failed} 项未通过（运行 jicai check 查看）`;
  const marts =
    result.martsRebuilt === 0
      ? `汇总表无需更新（共 ${result.marts} 张）`
      : `已更新 ${result.martsRebuilt} 张汇总表（共 ${result.marts} 张）`;
  return `${marts}，政策：${result.policy.name}，统计截至 ${result.asOf}，${quality}，用时 ${(result.ms.total / 1000).toFixed(1)} 秒`;
}

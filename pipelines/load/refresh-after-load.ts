import type {DuckDBConnection} from "@duckdb/node-api";
import {checksPassed, runChecks} from "../models/checks.js";
import {refreshModels} from "../models/run.js";

/**
 * Rebuilds the marts after a load that changed data and reruns the data-quality checks (their results are
 * stored for the site; a failing check is reported, not fatal — `jicai check` is the gate). Returns a
 * one-line summary for stderr. A failing refresh leaves the previous marts and the loaded data in place.
 */
export async function refreshAfterLoad(conn: DuckDBConnection, done = "数据已载入"): Promise<string> {
  const started = performance.now();
  let result;
  try {
    result = await refreshModels(conn);
  } catch (error) {
    throw new Error(`${done}，但刷新汇总表失败（汇总表保持上次的结果）：${(error as Error).message}`);
  }
  const checks = await runChecks(conn, {reuse: true});
  const failed = checks.filter((c) => !c.passed).length;
  const marts = result.models.filter((m) => m.rows !== null).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const quality = checksPassed(checks)
    ? `数据质量检查 ${checks.length} 项${failed ? `（${failed} 项提示）` : "全部通过"}`
    : `数据质量检查有 ${failed} 项未通过（运行 jicai check 查看）`;
  return `已刷新 ${marts} 张汇总表（政策：${result.policy.name}，统计截至 ${result.asOf}），${quality}，用时 ${seconds} 秒`;
}

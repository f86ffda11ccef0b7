import type {DuckDBConnection} from "@duckdb/node-api";
import {refreshModels} from "../models/run.js";

/**
 * Rebuilds the marts after a load that changed data, and returns a one-line summary for stderr. A failing
 * refresh leaves the previous marts (refreshModels runs in one transaction) and the loaded data in place.
 */
export async function refreshAfterLoad(conn: DuckDBConnection): Promise<string> {
  const started = performance.now();
  let result;
  try {
    result = await refreshModels(conn);
  } catch (error) {
    throw new Error(`数据已载入，但刷新汇总表失败（汇总表保持上次的结果）：${(error as Error).message}`);
  }
  const marts = result.models.filter((m) => m.rows !== null).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return `已刷新 ${marts} 张汇总表（政策：${result.policy.name}，统计截至 ${result.asOf}，用时 ${seconds} 秒）`;
}

// 总览 placeholder: what has been loaded, per source. Ships one small object.
import {sourceTables} from "./labels.js";
import {emitJson} from "./warehouse.js";

await emitJson(async (warehouse) => {
  const [totals] = await warehouse.query(`
    select count(distinct file) as files,
           count(*) as loads,
           coalesce(sum(rows_read), 0) as rows_read,
           coalesce(sum(rows_loaded), 0) as rows_loaded,
           coalesce(sum(rows_rejected), 0) as rows_rejected,
           coalesce(sum(rows_replaced), 0) as rows_replaced,
           count(*) filter (where status = 'failed') as failed_loads,
           max(coalesce(finished_at, started_at)) as last_load_at
    from load_log`);
  const loaded = await warehouse.query(`
    select source,
           count(distinct file) as files,
           count(*) as loads,
           sum(rows_read) as rows_read,
           sum(rows_loaded) as rows_loaded,
           sum(rows_rejected) as rows_rejected,
           max(coalesce(finished_at, started_at)) as last_load_at
    from load_log
    where status = 'loaded'
    group by source`);
  const current = await warehouse.query(
    sourceTables.map((s) => `select '${s.source}' as source, count(*) as rows_current from ${s.table}`).join(" union all ")
  );
  const bySource = sourceTables.map(({source, label}) => {
    const log = loaded.find((r) => r.source === source);
    return {
      source,
      label,
      files: log?.files ?? 0,
      loads: log?.loads ?? 0,
      rows_read: log?.rows_read ?? 0,
      rows_loaded: log?.rows_loaded ?? 0,
      rows_rejected: log?.rows_rejected ?? 0,
      rows_current: current.find((r) => r.source === source)?.rows_current ?? 0,
      last_load_at: log?.last_load_at ?? null
    };
  });
  return {totals, bySource};
});

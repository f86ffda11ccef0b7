// 数据质量: every load, rejected cells grouped by reason, the first rejects in full, and `jicai check` results.
// Rejected cells are those of current loads: a superseded version of a file keeps its rejects until it is
// unloaded (it comes back if its successor is unloaded), but they are no longer the data's.
import {columnLabel, sourceLabel} from "./labels.js";
import {emitJson, type ReadOnlyWarehouse} from "./warehouse.js";

/** Rejected cells shipped in full; the rest are counted (the whole list is one `jicai query` away). */
const rejectSampleSize = 500;

// Reasons that name another row ("与第 12 行的主键…重复") are grouped as one reason.
const reasonGroup = `regexp_replace(r.reason, '第 \\d+ 行', '其他行')`;

async function loads(warehouse: ReadOnlyWarehouse) {
  const rows = await warehouse.query(`
    select load_id, file, file_name, sheet, source, rows_read, rows_loaded, rows_rejected, rows_replaced,
           status, message, started_at, finished_at
    from load_log
    order by load_id desc`);
  return rows.map((r) => ({...r, source_label: sourceLabel(r.source as string | null)}));
}

async function rejects(warehouse: ReadOnlyWarehouse) {
  const [totals] = await warehouse.query(`
    select count(*) as cells,
           count(distinct (load_id, source_row)) as rows,
           count(distinct file) as files
    from rejects
    where load_id in (select load_id from load_log where status = 'loaded')`);
  const byReason = await warehouse.query(`
    select l.source, r.column_name, ${reasonGroup} as reason,
           count(*) as cells,
           count(distinct (r.load_id, r.source_row)) as rows,
           count(distinct r.file) as files,
           min(r.value) as example_value
    from rejects r join load_log l using (load_id)
    where l.status = 'loaded'
    group by all
    order by cells desc, reason, l.source, r.column_name`);
  const sample = await warehouse.query(`
    select r.load_id, l.file_name, r.sheet, l.source, r.source_row, r.column_name, r.value, r.reason
    from rejects r join load_log l using (load_id)
    where l.status = 'loaded'
    order by r.load_id, r.source_row, r.column_name, r.reason
    limit ${rejectSampleSize}`);
  const label = <T extends Record<string, unknown>>(r: T) => ({
    ...r,
    source_label: sourceLabel(r.source as string | null),
    column_label: columnLabel(r.source as string | null, r.column_name as string | null)
  });
  return {totals, byReason: byReason.map(label), sample: sample.map(label), sampleSize: rejectSampleSize};
}

/** `jicai check` results (migration 002); null when the table is missing or check has never run. */
async function checks(warehouse: ReadOnlyWarehouse) {
  if (!(await warehouse.tableExists("check_results"))) return null;
  const rows = await warehouse.query(`
    select check_name, description, severity, passed, rows_failing, sample, error, run_at, as_of
    from check_results
    order by passed, error is null, severity = 'warning', check_name`);
  if (rows.length === 0) return null;
  return rows.map(({sample, ...row}) => ({...row, status: checkStatus(row), sample: sampleText(sample as string | null)}));
}

/** The words `jicai check` prints: 通过 / 失败 (error) / 提示 (warning) / 无法运行. */
function checkStatus(row: Record<string, unknown>): string {
  if (row.error) return "无法运行";
  if (row.passed) return "通过";
  return row.severity === "warning" ? "提示" : "失败";
}

/** Failing rows stored as a JSON array → "batch_id=GJ-YP-09，savings=0.00；…" (text, never HTML). */
function sampleText(json: string | null): string | null {
  if (!json) return null;
  const rows = JSON.parse(json) as Record<string, unknown>[];
  return rows.map((r) => Object.entries(r).map(([k, v]) => `${k}=${v ?? "空"}`).join("，")).join("；");
}

await emitJson(async (warehouse) => ({
  loads: await loads(warehouse),
  rejects: await rejects(warehouse),
  checks: await checks(warehouse)
}));

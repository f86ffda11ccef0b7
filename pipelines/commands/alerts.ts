import {parseArgs} from "node:util";
import {martValueLabels} from "../models/marts.js";
import {isoDate} from "../refresh/refresh-models.js";
import {openWarehouse, resolveDbPath} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai alerts [--since 日期] [--db 路径] [--json]

列出最近一次刷新的新增和持续的监测预警（alerts 汇总表，已解除的不列）：挂网价格上涨、新增规格超差比价、
价格风险分级、采购价高于中选价或挂网价、配送率偏低、易短缺、失信企业采购、约定量进度滞后，每条附状态
（与上一个统计日相比：新增或持续）、预警内容和处置措施，供定时任务使用。
退出码：0 没有预警；1 只有黄色预警或提示；2 有红色预警；3 无法列出（参数有误、找不到数据仓库等）。
  --since  只列起始日期不早于该日期的预警，如 2026-10-01
  --db     数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）
  --json   输出 JSON 数组：[{alert_kind, severity, status, enterprise, generic_name, …, since, figure, detail, rule, action, source}]`;

interface AlertRow {
  alert_kind: string;
  severity: string;
  status: string;
  enterprise: string | null;
  generic_name: string | null;
  dosage_form: string | null;
  spec: string | null;
  hospital_name: string | null;
  since: string | null;
  figure: string | null;
  detail: string;
  rule: string;
  action: string;
  source: string;
}

/** Exit code for a scheduled job: 2 when any alert is red, 1 for yellow or info only, 0 for none. */
export function alertsExitCode(severities: readonly string[]): number {
  if (severities.includes("red")) return 2;
  return severities.length ? 1 : 0;
}

export const alertsCommand: Command = {
  name: "alerts",
  summary: "列出监测预警；有红色预警时退出码为 2，只有黄色预警时为 1",
  usage,
  // 1 and 2 are warnings for a scheduled job: a run that could not look must not read as one (monitoring tools' 3)
  failureExitCode: 3,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {since: {type: "string"}, db: {type: "string"}, json: {type: "boolean"}}
    });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(" ")}`);
    let since: string | null = null;
    try {
      since = values.since === undefined ? null : isoDate(values.since.trim());
    } catch (error) {
      throw new UsageError(`--since：${(error as Error).message}`);
    }
    const warehouse = await openWarehouse(resolveDbPath(values.db), {readOnly: true});
    try {
      const exists = await warehouse.conn.runAndReadAll(
        "select count(*) as n from duckdb_tables() where schema_name = 'main' and table_name = 'alerts'"
      );
      if (Number(exists.getRowObjectsJS()[0]!.n) === 0) throw new Error("还没有监测预警：先运行 jicai refresh");
      const reader = await warehouse.conn.runAndReadAll(
        `select alert_kind, severity, status, enterprise, generic_name, dosage_form, spec, hospital_name,
                strftime(since, '%Y-%m-%d') as since, figure::varchar as figure, detail, rule, action, source
         from alerts
         where status <> 'resolved' and ($since::date is null or since >= $since::date)
         order by case severity when 'red' then 1 when 'yellow' then 2 else 3 end, alert_kind, since desc,
                  enterprise, generic_name, dosage_form, spec, pack, product_code, hospital_code`,
        {since}
      );
      const alerts = reader.getRowObjectsJS() as unknown as AlertRow[];
      if (values.json) console.log(JSON.stringify(alerts));
      else console.log(describeAlerts(alerts, since));
      return alertsExitCode(alerts.map((a) => a.severity));
    } finally {
      warehouse.close();
    }
  }
};

function describeAlerts(alerts: readonly AlertRow[], since: string | null): string {
  const kinds = martValueLabels("alerts", "alert_kind");
  const severities = martValueLabels("alerts", "severity");
  const statuses = martValueLabels("alerts", "status");
  const scope = since ? `起始日期不早于 ${since} 的` : "";
  if (alerts.length === 0) return `没有${scope}监测预警`;
  const lines = alerts.map((a) => {
    const subject = [a.enterprise, [a.generic_name, a.dosage_form, a.spec].filter(Boolean).join(" "), a.hospital_name]
      .filter(Boolean)
      .join(" · ");
    const tag = `${severities[a.severity] ?? a.severity}·${statuses[a.status] ?? a.status}`;
    return `[${tag}] ${kinds[a.alert_kind] ?? a.alert_kind}  ${subject}：${a.detail}；处置：${a.action}`;
  });
  const count = (s: string) => alerts.filter((a) => a.severity === s).length;
  const totals = ["red", "yellow", "info"]
    .filter((s) => count(s))
    .map((s) => `${severities[s]} ${count(s)} 条`)
    .join("，");
  return [...lines, `共 ${alerts.length} 条${scope}监测预警：${totals}`].join("\n");
}

// 监测预警: every alert of the latest refresh (the alerts mart) with its rule, action, document, status and the
// hospital's district, numbered in the page's order (the rows behind each are in monitoring-evidence.json, fetched
// when an officer opens one); the count of open alerts per kind and severity for the chart; the
// monthly distribution rate of the enterprise × products that have a supply alert over the last 12 months
// (supply_monthly). Each enterprise's record is on 企业档案 (enterprise.json.ts).
import {packRows} from "../components/packed.js";
import {martLabels, valueLabels} from "./labels.js";
import {numberAlerts, severityOrder} from "./numbered-alerts.js";
import {emitJson} from "./warehouse.js";

const alertColumns = [
  "alert_kind",
  "severity",
  "enterprise",
  "generic_name",
  "dosage_form",
  "spec",
  "pack",
  "product_code",
  "hospital_code",
  "hospital_name",
  "since",
  "figure",
  "detail",
  "rule",
  "action",
  "source",
  "status",
  "is_new_this_week"
] as const;

await emitJson(async (warehouse) => {
  const [params] = await warehouse.query(`
    select p.as_of, p.province, m.max_rise_share, m.price_risk_tiers, m.allowed_days, m.distribution_warning_rate,
           m.distribution_min_lines, m.shortage_max_rate, m.shortage_months
    from policy_params p cross join policy_monitoring m`);
  if (!params) throw new Error("数据集市尚未生成：先运行 npx jicai refresh");
  await numberAlerts(warehouse);
  const alerts = await warehouse.query(`
    select alert_id, ${alertColumns.join(", ")}, region from numbered_alerts order by alert_id`);
  const byKind = await warehouse.query(`
    select alert_kind, severity, count(*)::integer as alerts,
           (count(*) filter (where is_new_this_week))::integer as new_this_week
    from alerts where status <> 'resolved' group by alert_kind, severity order by alert_kind, ${severityOrder}`);
  const supplyTrend = await warehouse.query(`
    with alerted as (
      select distinct enterprise, generic_name from alerts
      where alert_kind in ('low_distribution', 'shortage_prone') and status <> 'resolved'
    )
    select s.enterprise, s.generic_name, s.order_month,
           sum(s.lines)::integer as lines, sum(s.lines_on_time)::integer as lines_on_time,
           sum(s.lines_on_time) / sum(s.lines) as distribution_rate
    from supply_monthly s join alerted using (enterprise, generic_name)
    where s.is_assessed and s.order_month > (select as_of from policy_params) - interval 12 month
    group by all
    order by s.enterprise, s.generic_name, s.order_month`);
  return {
    params,
    alerts: packRows(alerts),
    byKind,
    supplyTrend,
    labels: {...martLabels("alerts", alertColumns), region: "区县"},
    values: valueLabels("alerts", "alert_kind", "severity", "status")
  };
});

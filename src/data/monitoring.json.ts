// 监测预警: every alert of the latest refresh (the alerts mart) with its rule, action, document and status, the
// count of open alerts per kind and severity for the chart, and the monthly distribution rate of the enterprise × products that have
// a supply alert over the last 12 months (supply_monthly), so the page draws their trend without order lines.
import {packRows} from "../components/packed.js";
import {martLabels, valueLabels} from "./labels.js";
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

const severityOrder = "case severity when 'red' then 1 when 'yellow' then 2 else 3 end";

await emitJson(async (warehouse) => {
  const [params] = await warehouse.query(`
    select p.as_of, p.province, m.max_rise_share, m.price_risk_tiers, m.allowed_days, m.distribution_warning_rate,
           m.distribution_min_lines, m.shortage_max_rate, m.shortage_months
    from policy_params p cross join policy_monitoring m`);
  if (!params) throw new Error("数据集市尚未生成：先运行 npx jicai refresh");
  const alerts = await warehouse.query(`
    select ${alertColumns.join(", ")}
    from alerts
    order by ${severityOrder}, alert_kind, since desc, enterprise, generic_name, dosage_form, spec, pack,
             product_code, hospital_code`);
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
    labels: martLabels("alerts", alertColumns),
    values: valueLabels("alerts", "alert_kind", "severity", "status")
  };
});

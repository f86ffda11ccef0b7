// 企业档案: each enterprise's record from our own data beside its credit ratings — enterprise_record (delivery over
// the last 12 assessed months, open alerts, latest rating), every credit rating (stg_credit_ratings), its monthly
// delivery over the last 12 assessed months (supply_monthly, products added up), its home-province listing price
// changes (listing_price_changes) and its open alerts (alerts). A record, not a legal rating.
import {packRows} from "../components/packed.js";
import {martLabels, valueLabels} from "./labels.js";
import {emitJson} from "./warehouse.js";

await emitJson(async (warehouse) => {
  const [params] = await warehouse.query(`
    select p.as_of, m.distribution_warning_rate, m.shortage_max_rate
    from policy_params p cross join policy_monitoring m`);
  if (!params) throw new Error("数据集市尚未生成：先运行 npx jicai refresh");
  const enterprises = await warehouse.query(`
    select * from enterprise_record
    order by red_alerts desc, supply_alerts + price_alerts + order_price_alerts desc, enterprise`);
  const ratings = await warehouse.query(`
    select enterprise, province, rating_date, level, case_summary, case_products, disposition, is_repaired
    from stg_credit_ratings order by enterprise, rating_date desc, province, level`);
  const priceChanges = await warehouse.query(`
    select enterprise, generic_name, dosage_form, spec, pack, previous_valid_from, valid_from, previous_price,
           listed_price, change_share, is_rise_alert
    from listing_price_changes where is_home_province and change_share <> 0
    order by enterprise, valid_from desc, generic_name, dosage_form, spec, pack, product_code`);
  const supply = await warehouse.query(`
    select enterprise, order_month, sum(lines)::integer as lines, sum(lines_on_time)::integer as lines_on_time,
           sum(lines_late)::integer as lines_late, sum(lines_unfilled)::integer as lines_unfilled,
           sum(lines_on_time) / sum(lines) as distribution_rate
    from supply_monthly
    where is_assessed and order_month > (select as_of from policy_params) - interval 12 month
    group by all order by enterprise, order_month`);
  const alerts = await warehouse.query(`
    select enterprise, alert_kind, severity, since, detail, action
    from alerts where status <> 'resolved' and enterprise is not null
    order by enterprise, case severity when 'red' then 1 when 'yellow' then 2 else 3 end, alert_kind, since desc,
             detail`);
  const recordColumns = Object.keys(enterprises[0] ?? {enterprise: null});
  return {
    params,
    enterprises: packRows(enterprises),
    ratings: packRows(ratings),
    priceChanges: packRows(priceChanges),
    supply: packRows(supply),
    alerts: packRows(alerts),
    labels: {
      record: martLabels("enterprise_record", recordColumns),
      changes: martLabels("listing_price_changes", [
        "generic_name",
        "dosage_form",
        "spec",
        "pack",
        "previous_valid_from",
        "valid_from",
        "previous_price",
        "listed_price",
        "change_share"
      ])
    },
    values: valueLabels("alerts", "alert_kind", "severity")
  };
});

// 总览 (bureau leaders): KPI totals computed in SQL (money as exact decimals), savings per batch, per calendar
// year and per month, price cuts per batch with their base, pace (batch_summary's counts of hospital_progress in
// the current cycle year) and retention (owed for ended periods; periods not ended as a marked estimate).
// Sources: batch_summary, savings_monthly, savings (agreement years with agreed volumes), retention_statement,
// policy_params.
import {martLabels, valueLabels} from "./labels.js";
import {emitJson, type ReadOnlyWarehouse} from "./warehouse.js";

const money = ["savings", "fund", "patient", "owed", "paid", "difference", "estimated"];

async function kpis(warehouse: ReadOnlyWarehouse) {
  const [toDate] = await warehouse.query(
    `select sum(savings_actual) as savings, sum(fund_savings_actual) as fund, sum(patient_savings_actual) as patient
     from batch_summary`,
    {exact: money}
  );
  const byYear = await warehouse.query(
    `select year(month)::integer as year, sum(savings_actual) as savings, sum(fund_savings_actual) as fund,
            sum(patient_savings_actual) as patient
     from savings_monthly group by 1 order by 1`,
    {exact: money}
  );
  // batches in execution on as_of; their mean price cut and their hospitals on pace (hospital × batch)
  const [execution] = await warehouse.query(`
    select count(*)::integer as batches,
           avg(reduction_pre_vbp_simple) as mean_reduction,
           count(reduction_pre_vbp_simple)::integer as batches_with_reduction,
           sum(hospitals_with_agreed_volume)::integer as hospital_batches,
           sum(hospitals_on_pace)::integer as hospital_batches_on_pace,
           sum(hospitals_behind_pace)::integer as hospital_batches_behind,
           sum(hospitals_not_met)::integer as hospital_batches_not_met,
           sum(hospitals_without_agreed_volume)::integer as hospital_batches_without_volume
    from batch_summary cross join policy_params p
    where exec_start <= p.as_of and (cycle_end is null or p.as_of <= cycle_end)`);
  const [retention] = await warehouse.query(
    `select sum(retained) filter (where is_period_complete) as owed,
            coalesce(sum(paid_amount), 0) as paid,
            coalesce(sum(paid_amount), 0) - sum(retained) filter (where is_period_complete) as difference,
            coalesce(sum(retained) filter (where not is_period_complete), 0) as estimated,
            count(*) filter (where not is_period_complete)::integer as periods_in_progress,
            count(*) filter (where status = 'underpaid')::integer as underpaid,
            count(*) filter (where status = 'overpaid')::integer as overpaid,
            count(*) filter (where status = 'not_paid')::integer as not_paid
     from retention_statement`,
    {exact: money}
  );
  return {toDate, byYear, execution, retention};
}

const batchColumns = [
  "batch_id",
  "batch_name",
  "batch_level",
  "category",
  "exec_start",
  "cycle_end",
  "varieties",
  "selected_products",
  "reduction_pre_vbp_simple",
  "products_with_pre_vbp",
  "reduction_ceiling_simple",
  "products_with_ceiling",
  "reduction_pre_vbp_weighted",
  "savings_agreed",
  "fund_savings_agreed",
  "patient_savings_agreed",
  "savings_actual",
  "fund_savings_actual",
  "patient_savings_actual",
  "hospitals_with_agreed_volume",
  "hospitals_off_pace",
  "retained",
  "retention_paid"
] as const;

/**
 * Each batch with the period of its two savings figures: savings on agreed volumes cover the agreement years
 * that have agreed volumes (first_agreed_year … last_agreed_year, from savings), savings on actual purchases
 * the purchases from the start of execution to as_of.
 */
async function batches(warehouse: ReadOnlyWarehouse) {
  return warehouse.query(`
    with agreed_years as (
      select batch_id, min(year_index)::integer as first_agreed_year, max(year_index)::integer as last_agreed_year
      from savings where agreed_qty > 0 group by batch_id
    )
    select ${batchColumns.map((c) => `b.${c}`).join(", ")},
           b.exec_start <= p.as_of and (b.cycle_end is null or p.as_of <= b.cycle_end) as in_execution,
           a.first_agreed_year, a.last_agreed_year
    from batch_summary b cross join policy_params p
    left join agreed_years a using (batch_id)
    order by b.exec_start, b.batch_id`);
}

/** Actual-purchase savings per batch × calendar year and per month (all batches), for the year selector. */
async function savingsOverTime(warehouse: ReadOnlyWarehouse) {
  const byBatchYear = await warehouse.query(`
    select batch_id, year(month)::integer as year, sum(savings_actual) as savings,
           sum(fund_savings_actual) as fund, sum(patient_savings_actual) as patient
    from savings_monthly group by all order by all`);
  const byMonth = await warehouse.query(`
    select month_label as month, year(month)::integer as year, sum(savings_actual) as savings,
           sum(fund_savings_actual) as fund, sum(patient_savings_actual) as patient
    from savings_monthly group by all order by month`);
  return {byBatchYear, byMonth};
}

await emitJson(async (warehouse) => {
  const [params] = await warehouse.query("select as_of, policy_name, behind_pace_factor from policy_params");
  if (!params) throw new Error("数据集市尚未生成：先运行 npx jicai refresh");
  return {
    params,
    kpis: await kpis(warehouse),
    batches: await batches(warehouse),
    ...(await savingsOverTime(warehouse)),
    labels: martLabels("batch_summary", batchColumns),
    values: valueLabels("batch_products", "base_kind")
  };
});

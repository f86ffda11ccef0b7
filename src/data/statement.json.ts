// 结余留用结算单 (hospitals): every hospital with a statement or an agreed volume, its statements per batch and
// period with every input and step (retention_statement), and its agreed-volume progress per batch and cycle
// year (volume_progress summed over varieties). Tables are packed column by column (components/packed.ts).
import {packRows} from "../components/packed.js";
import {martLabels, valueLabels} from "./labels.js";
import {emitJson, type ReadOnlyWarehouse} from "./warehouse.js";

const statementColumns = [
  "hospital_code",
  "batch_id",
  "batch_name",
  "year_index",
  "period",
  "period_start",
  "period_end",
  "varieties",
  "agreed_qty",
  "pre_vbp_price",
  "mi_pay_ratio",
  "insured_share",
  "purchased_qty",
  "purchased_amount",
  "budget",
  "spend_factor",
  "spend",
  "balance",
  "is_completed",
  "assessment_score",
  "grade",
  "rate",
  "retained",
  "payout_period",
  "paid_amount",
  "paid_date",
  "difference",
  "is_period_complete",
  "status"
] as const;

async function hospitals(warehouse: ReadOnlyWarehouse) {
  return warehouse.query(`
    with codes as (
        select hospital_code, hospital_name from retention_statement
        union all
        select hospital_code, hospital_name from volume_progress
    ),
    levels as (
        select hospital_code, any_value(hospital_level) as hospital_level, any_value(region) as region
        from volume_progress group by hospital_code
    )
    select codes.hospital_code, coalesce(max(codes.hospital_name), codes.hospital_code) as hospital_name,
           any_value(levels.hospital_level) as hospital_level, any_value(levels.region) as region
    from codes left join levels using (hospital_code)
    where codes.hospital_code is not null
    group by codes.hospital_code
    order by codes.hospital_code`);
}

async function statements(warehouse: ReadOnlyWarehouse) {
  return warehouse.query(`
    select ${statementColumns.join(", ")}
    from retention_statement
    where hospital_code is not null
    order by hospital_code, batch_id, year_index nulls last, period`);
}

/** Completion weighted by agreed amount over a hospital's varieties, as batch_summary counts a hospital behind. */
async function progress(warehouse: ReadOnlyWarehouse) {
  return warehouse.query(`
    select hospital_code, batch_id, any_value(batch_name) as batch_name, year_index,
           min(year_start) as year_start, max(year_end) as year_end,
           count(*)::integer as varieties,
           (count(*) filter (where is_behind_pace))::integer as varieties_behind,
           sum(agreed_amount) as agreed_amount,
           cast(sum(completion * agreed_amount) / nullif(sum(agreed_amount), 0) as decimal(18, 6)) as completion,
           max(elapsed) as elapsed,
           max(pace_threshold) as pace_threshold,
           bool_or(is_current_year) as is_current_year,
           min(year_start) <= any_value(as_of) as is_started
    from volume_progress
    group by hospital_code, batch_id, year_index
    order by hospital_code, batch_id, year_index`);
}

await emitJson(async (warehouse) => {
  const [params] = await warehouse.query(
    "select as_of, policy_name, retention_mode, flat_rate, require_completion, behind_pace_factor from policy_params"
  );
  if (!params) throw new Error("数据集市尚未生成：先运行 npx jicai refresh");
  return {
    params,
    hospitals: packRows(await hospitals(warehouse)),
    statements: packRows(await statements(warehouse)),
    progress: packRows(await progress(warehouse)),
    labels: martLabels("retention_statement", statementColumns),
    values: valueLabels("retention_statement", "status")
  };
});

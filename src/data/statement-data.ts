// Shared by the statement loader (every hospital, for the bureau's page) and `jicai hospital-pack` (one
// hospital's warehouse): what a surplus-retention statement shows, read from the marts. Not a loader itself.
// Money stays exact decimal text; totals are summed in SQL.
import {readIssuer} from "../../pipelines/policy/issuer.js";
import {martLabels, valueLabels} from "./labels.js";
import type {ReadOnlyWarehouse, Row} from "./warehouse.js";

export const statementColumns = [
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

const statementMoney = ["purchased_amount", "budget", "spend", "balance", "retained", "paid_amount", "difference"];
const totalMoney = ["owed", "estimated", "paid", "difference"];

export const progressColumns = [
  "hospital_code",
  "batch_id",
  "batch_name",
  "year_index",
  "year_start",
  "year_end",
  "is_current_year",
  "is_year_ended",
  "varieties",
  "varieties_off_pace",
  "completion",
  "elapsed",
  "pace_threshold",
  "pace_status"
] as const;

export interface StatementData {
  params: Row;
  issuer: string;
  hospitals: Row[];
  statements: Row[];
  totals: Row[];
  progress: Row[];
  labels: Record<string, string>;
  values: Record<string, Record<string, string>>;
}

/** `where` on hospital_code: every hospital, or one. */
const hospitalFilter = (code: string | undefined) =>
  code === undefined ? "hospital_code is not null" : `hospital_code = '${code.replaceAll("'", "''")}'`;

async function hospitals(warehouse: ReadOnlyWarehouse, code: string | undefined): Promise<Row[]> {
  return warehouse.query(`
    with codes as (
        select hospital_code, hospital_name, null as hospital_level, null as region from retention_statement
        union all
        select hospital_code, hospital_name, hospital_level, region from hospital_progress
    )
    select hospital_code, coalesce(max(hospital_name), hospital_code) as hospital_name,
           max(hospital_level) as hospital_level, max(region) as region
    from codes
    where ${hospitalFilter(code)}
    group by hospital_code
    order by hospital_code`);
}

async function statements(warehouse: ReadOnlyWarehouse, code: string | undefined): Promise<Row[]> {
  return warehouse.query(
    `select ${statementColumns.join(", ")}
     from retention_statement
     where ${hospitalFilter(code)}
     order by hospital_code, batch_id, year_index nulls last, period`,
    {exact: statementMoney}
  );
}

/**
 * Per hospital: owed for ended periods (and payouts without a computed period), the estimate for periods not
 * ended (never part of what is owed), paid, and paid − owed.
 */
async function totals(warehouse: ReadOnlyWarehouse, code: string | undefined): Promise<Row[]> {
  return warehouse.query(
    `with periods as (
         select *, coalesce(is_period_complete, true) as is_settled from retention_statement where ${hospitalFilter(code)}
     )
     select hospital_code,
            coalesce(sum(retained) filter (where is_settled), 0) as owed,
            coalesce(sum(retained) filter (where not is_settled), 0) as estimated,
            coalesce(sum(paid_amount), 0) as paid,
            coalesce(sum(paid_amount), 0) - coalesce(sum(retained) filter (where is_settled), 0) as difference,
            (count(*) filter (where is_settled))::integer as periods_ended,
            (count(*) filter (where not is_settled))::integer as periods_in_progress,
            count(paid_amount)::integer as payouts,
            (count(*) filter (where status = 'underpaid'))::integer as underpaid,
            (count(*) filter (where status = 'overpaid'))::integer as overpaid,
            (count(*) filter (where status = 'not_paid'))::integer as not_paid
     from periods
     group by hospital_code
     order by hospital_code`,
    {exact: totalMoney}
  );
}

async function progress(warehouse: ReadOnlyWarehouse, code: string | undefined): Promise<Row[]> {
  return warehouse.query(`
    select ${progressColumns.join(", ")}
    from hospital_progress
    where ${hospitalFilter(code)}
    order by hospital_code, batch_id, year_index`);
}

/** Everything a statement needs, for every hospital or for the one given. */
export async function readStatementData(
  warehouse: ReadOnlyWarehouse,
  {hospitalCode}: {hospitalCode?: string} = {}
): Promise<StatementData> {
  const [params] = await warehouse.query(
    "select as_of, policy_name, retention_mode, flat_rate, require_completion, behind_pace_factor from policy_params"
  );
  if (!params) throw new Error("数据集市尚未生成：先运行 npx jicai refresh");
  return {
    params,
    issuer: readIssuer().issuer,
    hospitals: await hospitals(warehouse, hospitalCode),
    statements: await statements(warehouse, hospitalCode),
    totals: await totals(warehouse, hospitalCode),
    progress: await progress(warehouse, hospitalCode),
    labels: martLabels("retention_statement", statementColumns),
    values: {...valueLabels("retention_statement", "status"), ...valueLabels("hospital_progress", "pace_status")}
  };
}

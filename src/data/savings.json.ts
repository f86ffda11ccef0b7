// 节约分析 (bureau leaders exploring savings): actual-purchase savings of selected products per batch × hospital ×
// month from savings_hospital_monthly, for the page to add up under its filters (month range, district, level,
// batch) and to compare with the same months of the year before. Shipped: the last `yearsShipped` calendar
// years up to as_of, rows sorted by batch, hospital and month (so both keys pack as runs), savings and the fund
// share in yuan to the fen, the base amount (Σ base × Q, the denominator of the price cut) to the yuan.
// Hospitals (name, district, level) are shipped once, not on every row. Source: savings_hospital_monthly.
import {packRows} from "../components/packed.js";
import {martLabels} from "./labels.js";
import {emitJson, type ReadOnlyWarehouse} from "./warehouse.js";

/** This year, last year and the year before: enough to compare any of the last two years with its previous one. */
export const yearsShipped = 3;

async function monthRows(warehouse: ReadOnlyWarehouse) {
  return warehouse.query(`
    select s.batch_id, s.hospital_code, s.month_label as month,
           round(s.savings_actual, 2)::double as savings,
           round(s.fund_savings_actual, 2)::double as fund,
           round(s.purchased_base_amount, 0)::bigint as base
    from savings_hospital_monthly s cross join policy_params p
    where year(s.month) > year(p.as_of) - ${yearsShipped} and s.month <= p.as_of
    order by s.batch_id, s.hospital_code, s.month`);
}

async function hospitals(warehouse: ReadOnlyWarehouse) {
  return warehouse.query(`
    select hospital_code, any_value(hospital_name) as hospital_name,
           coalesce(any_value(hospital_level), '未定级') as hospital_level, coalesce(any_value(region), '未填区县') as region
    from savings_hospital_monthly
    group by hospital_code
    order by hospital_code`);
}

/** 三级, 二级, 一级, then the rest (未定级 …): how bureaus list hospital levels. */
function levelRank(level: string): number {
  const rank = ["三级", "二级", "一级"].indexOf(level);
  return rank < 0 ? 9 : rank;
}

await emitJson(async (warehouse) => {
  const [params] = await warehouse.query(`
    select as_of, year(as_of)::integer as as_of_year, month(as_of)::integer as as_of_month,
           (select min(month_label) from savings_hospital_monthly) as first_month
    from policy_params`);
  if (!params) throw new Error("数据集市尚未生成：先运行 npx jicai refresh");
  const batches = await warehouse.query(`
    select batch_id, batch_name from batch_summary order by exec_start, batch_id`);
  const hospitalRows = await hospitals(warehouse);
  const distinct = (key: string) => [...new Set(hospitalRows.map((h) => String(h[key])))];
  return {
    params: {...params, years_shipped: yearsShipped},
    batches,
    regions: distinct("region").sort((a, b) => a.localeCompare(b, "zh-CN")),
    levels: distinct("hospital_level").sort((a, b) => levelRank(a) - levelRank(b) || a.localeCompare(b, "zh-CN")),
    hospitals: packRows(hospitalRows),
    rows: packRows(await monthRows(warehouse)),
    labels: martLabels("savings_hospital_monthly", [
      "hospital_code",
      "hospital_name",
      "hospital_level",
      "region",
      "savings_actual",
      "fund_savings_actual",
      "purchased_base_amount"
    ])
  };
});

// 集采批次: per batch its figures (batch_summary), its selected products with prices and cuts
// (batch_products), and each hospital's pace in the batch's current cycle year (hospital_progress, the rows
// batch_summary counts, so the table and the detail agree).
import {packRows} from "../components/packed.js";
import {martLabels, valueLabels} from "./labels.js";
import {emitJson} from "./warehouse.js";

const batchColumns = [
  "batch_id",
  "batch_name",
  "batch_level",
  "category",
  "bid_date",
  "exec_start",
  "cycle_end",
  "varieties",
  "selected_products",
  "bid_products",
  "selected_enterprises",
  "reduction_pre_vbp_simple",
  "reduction_pre_vbp_by_variety",
  "reduction_pre_vbp_weighted",
  "reduction_ceiling_simple",
  "agreed_amount",
  "hospitals_with_agreed_volume",
  "hospitals_on_pace",
  "hospitals_behind_pace",
  "hospitals_not_met",
  "hospitals_without_agreed_volume",
  "hospitals_off_pace",
  "varieties_behind_pace"
] as const;

const productColumns = [
  "batch_id",
  "generic_name",
  "dosage_form",
  "spec",
  "pack",
  "enterprise",
  "supply_role",
  "price_per_pack",
  "bid_price_unit",
  "pre_vbp_price_unit",
  "reduction_vs_pre_vbp",
  "ceiling_price_unit",
  "reduction_vs_ceiling",
  "base_kind",
  "agreed_qty"
] as const;

await emitJson(async (warehouse) => {
  const [params] = await warehouse.query("select as_of, behind_pace_factor from policy_params");
  if (!params) throw new Error("数据集市尚未生成：先运行 npx jicai refresh");
  const batches = await warehouse.query(`
    select ${batchColumns.join(", ")},
           exec_start <= p.as_of and (cycle_end is null or p.as_of <= cycle_end) as in_execution
    from batch_summary cross join policy_params p
    order by exec_start, batch_id`);
  const products = await warehouse.query(`
    select ${productColumns.join(", ")}
    from batch_products
    where is_selected
    order by batch_id, generic_name, dosage_form, spec, pack, enterprise`);
  const pace = await warehouse.query(`
    select batch_id, hospital_code, hospital_name, hospital_level, region, year_index, is_year_ended,
           varieties, varieties_off_pace, agreed_amount, completion, elapsed, pace_threshold, pace_status
    from hospital_progress
    where is_current_year
    order by batch_id, completion nulls first, hospital_code`);
  return {
    params,
    batches,
    products: packRows(products),
    pace: packRows(pace),
    labels: {batch: martLabels("batch_summary", batchColumns), product: martLabels("batch_products", productColumns)},
    values: {...valueLabels("batch_products", "base_kind"), ...valueLabels("hospital_progress", "pace_status")}
  };
});

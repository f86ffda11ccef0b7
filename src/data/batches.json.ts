// 集采批次: per batch its figures (batch_summary), its selected products with prices and cuts
// (batch_products), and each hospital's pace in the current cycle year (volume_progress summed over the
// hospital's varieties in the batch's latest started cycle year, completion weighted by agreed amount — the
// measure batch_summary counts as behind in the current year).
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
  "hospitals_behind_pace",
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
  // each batch's latest cycle year that has started by as_of (the current one, or the last one ended)
  const pace = await warehouse.query(`
    with latest as (
        select batch_id, max(year_index) as year_index
        from volume_progress
        where year_start <= as_of
        group by batch_id
    )
    select batch_id, hospital_code, any_value(hospital_name) as hospital_name, any_value(hospital_level) as hospital_level,
           any_value(region) as region, year_index, bool_or(is_current_year) as is_current_year,
           count(*)::integer as varieties,
           (count(*) filter (where is_behind_pace))::integer as varieties_behind,
           sum(agreed_amount) as agreed_amount,
           cast(sum(completion * agreed_amount) / nullif(sum(agreed_amount), 0) as decimal(18, 6)) as completion,
           max(elapsed) as elapsed,
           max(pace_threshold) as pace_threshold
    from volume_progress
    inner join latest using (batch_id, year_index)
    group by batch_id, hospital_code, year_index
    order by batch_id, completion`);
  return {
    params,
    batches,
    products: packRows(products),
    pace: packRows(pace),
    labels: {batch: martLabels("batch_summary", batchColumns), product: martLabels("batch_products", productColumns)},
    values: valueLabels("batch_products", "base_kind")
  };
});

// 挂网价格合规 (procurement officers): counts by status, category and rule (with the median price ÷ reference:
// a sum of per-pack excesses over unrelated products would mean nothing); histogram bins of price ÷ reference
// per rule; the listings over their limit — every one in the bureau's own province, and the largest
// over-amounts of the other provinces (capped, with the total counted). Source: listing_compliance.
import {packRows} from "../components/packed.js";
import {martLabels, valueLabels} from "./labels.js";
import {emitJson, type ReadOnlyWarehouse} from "./warehouse.js";

/** Over-limit listings of other provinces shipped per category (药品, 耗材), largest over-amount first. */
export const otherProvinceRowsPerCategory = 1000;
/** Histogram bins of price ÷ reference: width 1/binsPerUnit, the last bin collects everything above maxRatio. */
const binsPerUnit = 20;
const maxRatio = 3;

const rowColumns = [
  "province",
  "is_home_province",
  "product_code",
  "generic_name",
  "dosage_form",
  "spec",
  "pack",
  "enterprise",
  "category",
  "listed_price",
  "reference_price",
  "reference_kind",
  "reference_province",
  "limit_price",
  "price_ratio",
  "over_amount",
  "rule"
] as const;

async function counts(warehouse: ReadOnlyWarehouse) {
  const [totals] = await warehouse.query(`
    select count(*)::integer as listings,
           count(*) filter (where compliance_status = 'over_limit')::integer as over_limit,
           count(*) filter (where compliance_status = 'compliant')::integer as compliant,
           count(*) filter (where compliance_status = 'no_reference')::integer as no_reference,
           count(*) filter (where compliance_status = 'over_limit' and is_home_province)::integer as home_over_limit,
           count(*) filter (where is_home_province)::integer as home_listings,
           count(*) filter (where cross_spec_status = 'over_limit')::integer as cross_spec_over_limit
    from listing_compliance`);
  const byRule = await warehouse.query(`
    select coalesce(rule, 'none') as rule, category, compliance_status,
           count(*)::integer as listings, median(price_ratio)::double as median_ratio
    from listing_compliance
    group by all
    order by all`);
  const byProvince = await warehouse.query(`
    select province, bool_or(is_home_province) as is_home_province,
           count(*) filter (where compliance_status = 'over_limit')::integer as over_limit
    from listing_compliance group by province order by is_home_province desc, over_limit desc, province`);
  return {totals, byRule, byProvince};
}

async function histogram(warehouse: ReadOnlyWarehouse) {
  const bins = await warehouse.query(`
    select rule, compliance_status, least(floor(price_ratio * ${binsPerUnit}), ${maxRatio * binsPerUnit})::integer as bin,
           count(*)::integer as listings
    from listing_compliance
    where price_ratio is not null and rule is not null
    group by all
    order by all`);
  const limits = await warehouse.query(`
    select rule, min(multiplier) as multiplier from listing_compliance where rule is not null group by rule order by rule`);
  return {binsPerUnit, maxRatio, bins, limits};
}

async function overLimitRows(warehouse: ReadOnlyWarehouse) {
  return warehouse.query(`
    select ${rowColumns.join(", ")}
    from listing_compliance
    where compliance_status = 'over_limit'
    qualify is_home_province
        or row_number() over (partition by is_home_province, category order by over_amount desc, province, generic_name, spec, pack, enterprise)
           <= ${otherProvinceRowsPerCategory}
    order by is_home_province desc, over_amount desc, province, generic_name, spec, pack, enterprise`);
}

await emitJson(async (warehouse) => {
  const [params] = await warehouse.query("select as_of, province, drug_multiplier, consumable_multiplier, vbp_non_supply_multiplier from policy_params");
  if (!params) throw new Error("数据集市尚未生成：先运行 npx jicai refresh");
  return {
    params,
    ...(await counts(warehouse)),
    histogram: await histogram(warehouse),
    rows: packRows(await overLimitRows(warehouse)),
    rowsPerCategory: otherProvinceRowsPerCategory,
    labels: martLabels("listing_compliance", [...rowColumns, "compliance_status", "cross_spec_status"]),
    values: valueLabels("listing_compliance", "compliance_status", "rule", "reference_kind")
  };
});

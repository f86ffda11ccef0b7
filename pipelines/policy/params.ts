import type {DuckDBConnection} from "@duckdb/node-api";
import type {Policy} from "./schema.js";

/**
 * Writes the policy in force and the refresh date into two small tables the SQL models join to, so no
 * multiplier, rate or day count is a constant in SQL: `policy_params` (one row) and `policy_retention_grades`.
 * Numbers travel as text and are cast to DECIMAL in SQL, so 1.8 stays exactly 1.8.
 * `orderCutoff` is the last order date the order models keep: as_of when it falls before the latest order
 * loaded, else null (nothing to cut). Unlike as_of, which moves with every orders load, it changes only when
 * --as-of cuts off loaded orders, so the incremental order models can depend on it (see pipelines/runner/incremental.ts).
 */
export async function writePolicyParams(
  conn: DuckDBConnection,
  policy: Policy,
  asOf: string,
  orderCutoff: string | null = null
): Promise<void> {
  const r = policy.retention;
  await conn.run(
    `create or replace table policy_params as select
        $policy_id::varchar as policy_id,
        $jurisdiction::varchar as jurisdiction,
        $policy_name::varchar as policy_name,
        $effective_from::date as effective_from,
        $province::varchar as province,
        $as_of::date as as_of,
        $order_cutoff::date as order_cutoff,
        $drug_multiplier::decimal(9, 4) as drug_multiplier,
        $consumable_multiplier::decimal(9, 4) as consumable_multiplier,
        $vbp_non_supply_multiplier::decimal(9, 4) as vbp_non_supply_multiplier,
        $content_k::double as content_k,
        $pack_count_k::double as pack_count_k,
        $fill_volume_k::double as fill_volume_k,
        $behind_pace_factor::decimal(9, 6) as behind_pace_factor,
        $retention_mode::varchar as retention_mode,
        $flat_rate::decimal(9, 6) as flat_rate,
        $insured_share::decimal(9, 6) as insured_share,
        $require_completion::boolean as require_completion,
        $on_time_days::integer as on_time_days,
        $prepay_ratio::decimal(9, 6) as prepay_ratio,
        $expiry_warning_days::integer as expiry_warning_days`,
    {
      policy_id: policy.id,
      jurisdiction: policy.jurisdiction,
      policy_name: policy.name,
      effective_from: policy.effective_from,
      province: policy.province,
      as_of: asOf,
      order_cutoff: orderCutoff,
      drug_multiplier: String(policy.listing.drug_multiplier),
      consumable_multiplier: String(policy.listing.consumable_multiplier),
      vbp_non_supply_multiplier: String(policy.listing.vbp_non_supply_multiplier),
      content_k: String(policy.price_difference.content_k),
      pack_count_k: String(policy.price_difference.pack_count_k),
      fill_volume_k: String(policy.price_difference.fill_volume_k),
      behind_pace_factor: String(policy.progress.behind_pace_factor),
      retention_mode: r.mode,
      flat_rate: r.mode === "flat" ? String(r.flat_rate) : null,
      insured_share: String(r.insured_share),
      require_completion: r.require_completion,
      on_time_days: policy.payment.on_time_days,
      prepay_ratio: String(policy.payment.prepay_ratio),
      expiry_warning_days: policy.nrdl.expiry_warning_days
    }
  );
  await conn.run(`create or replace table policy_retention_grades (
      grade_rank integer, grade varchar, min_score decimal(9, 4), min_inclusive boolean, rate decimal(9, 6))`);
  if (r.mode === "graded") {
    for (const [rank, g] of r.grades.entries()) {
      await conn.run("insert into policy_retention_grades values ($1, $2, $3::decimal(9, 4), $4, $5::decimal(9, 6))", [
        rank + 1,
        g.grade,
        String(g.min_score),
        g.min_inclusive,
        String(g.rate)
      ]);
    }
  }
}

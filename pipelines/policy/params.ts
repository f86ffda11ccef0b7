import type {DuckDBConnection} from "@duckdb/node-api";
import {readPriceRiskTiers} from "./price-risk-tiers.js";
import type {Policy} from "./schema.js";

/**
 * Writes the policy in force and the refresh date into small tables the SQL models join to, so no multiplier,
 * rate or day count is a constant in SQL: `policy_params` (one row), `policy_retention_grades`, and for the
 * monitoring rules (writeMonitoringTables) `policy_monitoring`, `policy_price_risk_tiers` and `policy_credit_levels`.
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
  await writeMonitoringTables(conn, policy);
}

/**
 * The monitoring thresholds apart from policy_params, so a change to them rebuilds only the monitoring marts:
 * `policy_monitoring` (one row, each threshold with its source document), the price-risk tiers of the file the
 * policy names, and the credit levels with what each restricts.
 */
async function writeMonitoringTables(conn: DuckDBConnection, policy: Policy): Promise<void> {
  const m = policy.monitoring;
  const tiers = readPriceRiskTiers(m.price_risk_tiers);
  await conn.run(
    `create or replace table policy_monitoring as select
        $max_rise_share::decimal(9, 6) as max_rise_share,
        $price_rise_severity::varchar as price_rise_severity,
        $price_rise_action::varchar as price_rise_action,
        $price_rise_source::varchar as price_rise_source,
        $new_spec_severity::varchar as new_spec_severity,
        $new_spec_action::varchar as new_spec_action,
        $new_spec_source::varchar as new_spec_source,
        $price_risk_tiers::varchar as price_risk_tiers,
        $price_risk_source::varchar as price_risk_source,
        $price_risk_reference::varchar as price_risk_reference,
        $allowed_days::integer as allowed_days,
        $distribution_warning_rate::decimal(9, 6) as distribution_warning_rate,
        $distribution_min_lines::integer as distribution_min_lines,
        $supply_severity::varchar as supply_severity,
        $supply_action::varchar as supply_action,
        $supply_source::varchar as supply_source,
        $shortage_max_rate::decimal(9, 6) as shortage_max_rate,
        $shortage_months::integer as shortage_months,
        $shortage_severity::varchar as shortage_severity,
        $shortage_action::varchar as shortage_action,
        $shortage_source::varchar as shortage_source,
        $order_lookback_days::integer as order_lookback_days,
        $order_winning_severity::varchar as order_winning_severity,
        $order_listed_severity::varchar as order_listed_severity,
        $order_price_action::varchar as order_price_action,
        $order_price_source::varchar as order_price_source,
        $pace_severity::varchar as pace_severity,
        $pace_action::varchar as pace_action,
        $pace_source::varchar as pace_source,
        $credit_source::varchar as credit_source`,
    {
      max_rise_share: String(m.price_rise.max_rise_share),
      price_rise_severity: m.price_rise.severity,
      price_rise_action: m.price_rise.action,
      price_rise_source: m.price_rise.source,
      new_spec_severity: m.new_spec.severity,
      new_spec_action: m.new_spec.action,
      new_spec_source: m.new_spec.source,
      price_risk_tiers: tiers.name,
      price_risk_source: tiers.source,
      price_risk_reference: tiers.reference,
      allowed_days: m.supply.allowed_days,
      distribution_warning_rate: String(m.supply.warning_rate),
      distribution_min_lines: m.supply.min_lines,
      supply_severity: m.supply.severity,
      supply_action: m.supply.action,
      supply_source: m.supply.source,
      shortage_max_rate: String(m.shortage.max_rate),
      shortage_months: m.shortage.months,
      shortage_severity: m.shortage.severity,
      shortage_action: m.shortage.action,
      shortage_source: m.shortage.source,
      order_lookback_days: m.order_price.lookback_days,
      order_winning_severity: m.order_price.winning_severity,
      order_listed_severity: m.order_price.listed_severity,
      order_price_action: m.order_price.action,
      order_price_source: m.order_price.source,
      pace_severity: m.pace.severity,
      pace_action: m.pace.action,
      pace_source: m.pace.source,
      credit_source: m.credit.source
    }
  );
  await conn.run(`create or replace table policy_price_risk_tiers (
      tier_rank integer, tier varchar, label varchar, min_multiple decimal(9, 4), min_inclusive boolean,
      severity varchar, action varchar)`);
  for (const [rank, t] of tiers.tiers.entries()) {
    await conn.run("insert into policy_price_risk_tiers values ($1, $2, $3, $4::decimal(9, 4), $5, $6, $7)", [
      rank + 1,
      t.tier,
      t.label,
      String(t.min_multiple),
      t.min_inclusive,
      t.severity,
      t.action
    ]);
  }
  await conn.run(`create or replace table policy_credit_levels (
      level varchar, scheme varchar, restricts boolean, scope varchar, severity varchar, disposition varchar)`);
  for (const l of m.credit.levels) {
    await conn.run("insert into policy_credit_levels values ($1, $2, $3, $4, $5, $6)", [
      l.level,
      l.scheme,
      l.restricts,
      l.scope,
      l.severity,
      l.disposition
    ]);
  }
}

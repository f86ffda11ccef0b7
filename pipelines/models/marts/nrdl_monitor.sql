-- 国谈药监测: one row per catalogue entry × hospital level ('全部' = all levels).
--   active        = agreement_start ≤ as_of ≤ agreement_end
--   expiring_soon = active and agreement_end − as_of ≤ expiry_warning_days (policy)
--   landing_rate  = hospitals that bought the drug during its agreement ÷ target hospitals of the level
--                   (every institution except pharmacies)
--   above standard: lines whose unit price exceeds the payment standard for their strength
with

nrdl as (
    select * from stg_nrdl
),

purchases as (
    select * from int_order_months where nrdl_drug_name is not null
),

hospitals as (
    select * from stg_hospitals where institution_kind is distinct from '药店'
),

params as (
    select * from policy_params
),

levels as (
    select distinct coalesce(hospital_level, '未定级') as hospital_level from hospitals
    union all
    select '全部'
),

targets as (
    select coalesce(hospital_level, '未定级') as hospital_level, count(*) as target_hospitals
    from hospitals
    group by 1
    union all
    select '全部', count(*) from hospitals
),

-- lines bought while the agreement was in force; int_order_months compares each line's unit price with the
-- payment standard for its strength (above when price > standard + 0.000001) and sums qty × (price − standard)
purchase_facts as (
    select
        purchases.nrdl_year,
        purchases.nrdl_drug_name as drug_name,
        purchases.nrdl_standard_unit as standard_unit,
        purchases.hospital_code,
        coalesce(hospitals.hospital_level, '未定级') as hospital_level,
        purchases.lines,
        purchases.qty_min,
        purchases.amount,
        purchases.lines_above_standard,
        purchases.amount_above_standard
    from purchases
    inner join hospitals using (hospital_code)
),

purchase_facts_all_levels as (
    select * from purchase_facts
    union all
    select
        nrdl_year, drug_name, standard_unit, hospital_code, '全部' as hospital_level, lines, qty_min, amount,
        lines_above_standard, amount_above_standard
    from purchase_facts
),

purchase_totals as (
    select
        nrdl_year,
        drug_name,
        standard_unit,
        hospital_level,
        count(distinct hospital_code) as hospitals_purchasing,
        sum(lines) as purchase_lines,
        sum(qty_min) as purchased_qty,
        sum(amount) as purchased_amount,
        sum(lines_above_standard) as lines_above_standard,
        coalesce(sum(amount_above_standard), 0) as amount_above_standard
    from purchase_facts_all_levels
    group by all
),

final as (
    select
        -- catalogue entry
        nrdl.nrdl_year,
        nrdl.drug_code,
        nrdl.drug_name,
        nrdl.dosage_form,
        nrdl.payment_standard,
        nrdl.standard_unit,
        nrdl.payment_standard_unit,                             -- per minimum unit
        nrdl.restriction,
        nrdl.dual_channel,
        nrdl.agreement_start,
        nrdl.agreement_end,
        -- status on as_of
        params.as_of,
        (nrdl.agreement_start is null or nrdl.agreement_start <= params.as_of)
        and (nrdl.agreement_end is null or params.as_of <= nrdl.agreement_end) as is_active,
        date_diff('day', params.as_of, nrdl.agreement_end)::integer as days_to_expiry,     -- agreement_end − as_of
        (nrdl.agreement_start is null or nrdl.agreement_start <= params.as_of)
        and params.as_of <= nrdl.agreement_end
        and date_diff('day', params.as_of, nrdl.agreement_end) <= params.expiry_warning_days as is_expiring_soon,
        -- landing by hospital level
        levels.hospital_level,
        coalesce(targets.target_hospitals, 0)::integer as target_hospitals,
        coalesce(purchase_totals.hospitals_purchasing, 0)::integer as hospitals_purchasing,
        jc_div(coalesce(purchase_totals.hospitals_purchasing, 0), targets.target_hospitals) as landing_rate,
        coalesce(purchase_totals.purchase_lines, 0)::integer as purchase_lines,
        coalesce(purchase_totals.purchased_qty, 0) as purchased_qty,
        jc_round2(coalesce(purchase_totals.purchased_amount, 0)) as purchased_amount,
        -- purchases above the payment standard
        coalesce(purchase_totals.lines_above_standard, 0)::integer as lines_above_standard,
        jc_round2(coalesce(purchase_totals.amount_above_standard, 0)) as amount_above_standard
    from nrdl
    cross join params
    cross join levels
    left join targets using (hospital_level)
    left join purchase_totals
        on nrdl.nrdl_year is not distinct from purchase_totals.nrdl_year
        and nrdl.drug_name = purchase_totals.drug_name
        and nrdl.standard_unit is not distinct from purchase_totals.standard_unit
        and levels.hospital_level = purchase_totals.hospital_level
)

select * from final

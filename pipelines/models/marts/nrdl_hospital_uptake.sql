-- 国谈药落地（按机构）: one row per target institution (every institution except pharmacies, as in
-- `nrdl_monitor`): how many catalogue entries in agreement on as_of it bought during their agreement, and for how
-- much. Whether an institution buys any negotiated drug at all is a fact of the institution, not of a drug, so it
-- cannot be summed from `nrdl_monitor` (a drug × level mart); the site's share of institutions that buy reads it.
with

hospitals as (
    select * from stg_hospitals where institution_kind is distinct from '药店'
),

active_entries as (
    select nrdl_year, drug_name, standard_unit from nrdl_monitor where hospital_level = '全部' and is_active
),

-- lines bought while the agreement was in force (int_order_months matches them to a catalogue entry)
purchases as (
    select * from int_order_months where nrdl_drug_name is not null
),

bought as (
    select
        purchases.hospital_code,
        count(distinct(purchases.nrdl_year, purchases.nrdl_drug_name, purchases.nrdl_standard_unit))
            as active_drugs_bought,
        sum(purchases.lines) as purchase_lines,
        sum(purchases.amount) as purchased_amount
    from purchases
    inner join active_entries
        on purchases.nrdl_year is not distinct from active_entries.nrdl_year
        and purchases.nrdl_drug_name = active_entries.drug_name
        and purchases.nrdl_standard_unit is not distinct from active_entries.standard_unit
    group by purchases.hospital_code
),

final as (
    select
        hospitals.hospital_code,
        hospitals.hospital_name,
        coalesce(hospitals.hospital_level, '未定级') as hospital_level,
        hospitals.region,
        coalesce(bought.active_drugs_bought, 0)::integer as active_drugs_bought,   -- entries in agreement bought
        coalesce(bought.active_drugs_bought, 0) > 0 as buys_nrdl,                  -- bought at least one
        coalesce(bought.purchase_lines, 0)::integer as purchase_lines,
        jc_round2(coalesce(bought.purchased_amount, 0)) as purchased_amount
    from hospitals
    left join bought using (hospital_code)
)

select * from final

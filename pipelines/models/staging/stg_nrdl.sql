-- 国谈药品目录: one row per negotiated drug entry. The payment standard is per minimum unit of the spec in
-- standard_unit, unless that text carries a pack count ('7片/盒'), in which case it is per pack.
with

nrdl as (
    select * from raw_nrdl
),

final as (
    select
        nrdl_year,
        drug_code,
        drug_name,
        dosage_form,
        payment_standard,
        standard_unit,
        coalesce(jc_pack_count(standard_unit), 1) as standard_pack_count,
        jc_div(payment_standard, coalesce(jc_pack_count(standard_unit), 1)) as payment_standard_unit,
        jc_content(standard_unit) as content_amount,
        jc_content_unit(standard_unit) as content_unit,
        restriction,
        agreement_start,
        agreement_end,
        dual_channel
    from nrdl
)

select * from final

-- 国谈药品目录: one row per negotiated drug entry. The payment standard is per minimum unit of the spec in
-- standard_unit, unless that text carries a pack count ('7片/盒'), in which case it is per pack (NULL when the
-- text's counts cannot be trusted; data_quality_notes says why).
with

nrdl as (
    select
        *,
        -- per pack when the text counts units, else per unit; NULL when its counts cannot be trusted
        case when array_length(jc_pack_terms(standard_unit)) = 0 then 1 else jc_pack_count(standard_unit) end
            as standard_pack_count
    from raw_nrdl
),

final as (
    select
        nrdl_year,
        drug_code,
        drug_name,
        dosage_form,
        payment_standard,
        standard_unit,
        standard_pack_count,
        jc_div(payment_standard, standard_pack_count) as payment_standard_unit,
        jc_content(standard_unit) as content_amount,
        jc_content_unit(standard_unit) as content_unit,
        restriction,
        agreement_start,
        agreement_end,
        dual_channel
    from nrdl
)

select * from final

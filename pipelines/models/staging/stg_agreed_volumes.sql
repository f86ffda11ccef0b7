-- 约定采购量: one row per holder × product × procurement year. Quantities are in minimum units unless the
-- unit column names a pack (盒); the pack case is converted once the product is known (int_agreed_volumes).
with

volumes as (
    select * from raw_agreed_volumes
),

final as (
    select
        batch as batch_ref,
        hospital_code,
        region,
        case when hospital_code is not null then 'hospital' else 'region' end as holder_kind,
        generic_name,
        dosage_form,
        spec,
        enterprise,
        product_code,
        -- a cycle year beyond 20 is no procurement cycle's: NULL (data_quality_notes)
        case when coalesce(year_index, 1) between 1 and 20 then coalesce(year_index, 1) end as year_index,
        reported_qty,
        agreed_qty,
        unit,
        coalesce(unit is not null and jc_is_pack_unit(unit), false) as is_pack_unit,
        jc_content(spec) as content_amount,
        jc_content_unit(spec) as content_unit
    from volumes
)

select * from final

-- 挂网价格: the latest version of each province × product listing (the latest valid-from date, then the latest
-- load), one row per listing as every listing model expects. A listing absent from a later file keeps its last
-- version, as a corrected file only ever replaced the rows it holds.
with

versions as (
    select * from stg_listing_price_versions
),

final as (
    select *
    from versions
    qualify row_number() over (
            partition by province, generic_name, dosage_form, spec, pack, enterprise, product_code
            order by valid_from desc nulls last, load_id desc
        ) = 1
)

select * from final

-- 挂网价格: one row per province × product listing, with the per-unit price P_unit = P_pack / conversion_ratio.
with

listings as (
    select * from raw_listing_prices
),

normalised as (
    select
        load_id,
        province,
        product_code,
        generic_name,
        dosage_form,
        spec,
        pack,
        enterprise,
        coalesce(category, '药品') as category,
        coalesce(conversion_ratio, jc_pack_count(pack)) as conversion_ratio,
        listed_price,
        national_lowest,
        status,
        listed_date
    from listings
),

final as (
    select
        *,
        -- the product text as int_product_matches matches it (the same hash as stg_orders)
        hash(product_code, generic_name, dosage_form, spec, pack, enterprise, conversion_ratio) as product_text_hash,
        jc_div(listed_price, conversion_ratio) as listed_price_unit,
        jc_content(spec) as content_amount,
        jc_content_unit(spec) as content_unit,
        jc_fill_ml(spec) as fill_ml
    from normalised
)

select * from final

-- 挂网价格 versions: one row per province × product listing × valid-from date (each listing file is a version of its
-- prices, valid from --as-of, the file name's date or its file date), with P_unit = P_pack / conversion_ratio.
-- stg_listing_prices keeps the latest version of each listing; the price-history marts read every version.
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
        listed_date,
        valid_from
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

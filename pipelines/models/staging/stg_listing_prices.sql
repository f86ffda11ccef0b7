-- 挂网价格: one row per province × product listing, with the per-unit price P_unit = P_pack / conversion_ratio.
-- conversion_ratio is the file's when plausible, else read from the pack text (NULL when neither can be trusted;
-- data_quality_notes says why).
with

listings as (
    select * from raw_listing_prices
),

normalised as (
    select
        province,
        product_code,
        generic_name,
        dosage_form,
        spec,
        pack,
        enterprise,
        coalesce(category, '药品') as category,
        jm_conversion(conversion_ratio, pack).ratio as conversion_ratio,
        listed_price,
        national_lowest,
        status,
        listed_date
    from listings
),

final as (
    select
        *,
        jm_div(listed_price, conversion_ratio) as listed_price_unit,
        jm_content(spec) as content_amount,
        jm_content_unit(spec) as content_unit,
        jm_fill_ml(spec) as fill_ml
    from normalised
)

select * from final

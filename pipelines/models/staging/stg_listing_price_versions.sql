-- 挂网价格 versions: one row per province × product listing × valid-from date (each listing file is a version of its
-- prices, valid from --as-of, the file name's date or its file date), with the per-unit price
-- P_unit = P_pack / conversion_ratio. conversion_ratio is the file's when plausible, else read from the pack text
-- (NULL when neither can be trusted; data_quality_notes says why). Each distinct pack and spec text is parsed once:
-- a listing file repeats a few hundred texts over its rows, and the parsers cost tens of microseconds a text.
-- stg_listing_prices keeps the latest version of each listing; the price-history marts read every version.
with

listings as (
    select * from raw_listing_prices
),

packs as (
    select conversion_ratio, pack, jc_conversion(conversion_ratio, pack).ratio as parsed_ratio
    from (select distinct conversion_ratio, pack from listings)
),

specs as (
    select spec, content.amount as content_amount, content.unit as content_unit, fill_ml
    from (
        select spec, jc_content_parse(spec) as content, jc_fill_ml(spec) as fill_ml
        from (select distinct spec from listings)
    )
),

normalised as (
    select
        listings.load_id,
        listings.province,
        listings.product_code,
        listings.generic_name,
        listings.dosage_form,
        listings.spec,
        listings.pack,
        listings.enterprise,
        coalesce(listings.category, '药品') as category,
        packs.parsed_ratio as conversion_ratio,
        listings.listed_price,
        listings.national_lowest,
        listings.status,
        listings.listed_date,
        listings.valid_from,
        specs.content_amount,
        specs.content_unit,
        specs.fill_ml
    from listings
    left join packs
        on listings.conversion_ratio is not distinct from packs.conversion_ratio
        and listings.pack is not distinct from packs.pack
    left join specs on listings.spec is not distinct from specs.spec
),

final as (
    select
        * exclude (content_amount, content_unit, fill_ml),
        -- the product text as int_product_matches matches it (the same hash as stg_orders)
        hash(product_code, generic_name, dosage_form, spec, pack, enterprise, conversion_ratio) as product_text_hash,
        jc_div(listed_price, conversion_ratio) as listed_price_unit,
        content_amount,
        content_unit,
        fill_ml
    from normalised
)

select * from final

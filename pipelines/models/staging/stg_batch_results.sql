-- 集采中选结果: one row per bid (selected or not) with prices per minimum unit.
-- conversion_ratio comes from the file when plausible, else from the pack text ('7片/盒' → 7); NULL when neither
-- can be trusted (data_quality_notes says why).
with

results as (
    select * from raw_batch_results
),

normalised as (
    select
        batch as batch_ref,
        generic_name,
        dosage_form,
        spec,
        pack,
        enterprise,
        product_code,
        coalesce(selected, true) as is_selected,
        supply_provinces,
        supply_role,
        jc_conversion(conversion_ratio, pack).ratio as conversion_ratio,
        price_per_pack,
        price_per_unit,
        ceiling_price_unit,
        pre_vbp_price_unit
    from results
),

unit_prices as (
    select
        *,
        -- P_unit = P_pack / conversion_ratio when the file gives no per-unit price
        coalesce(price_per_unit, jc_div(price_per_pack, conversion_ratio)) as bid_price_unit,
        jc_content(spec) as content_amount,
        jc_content_unit(spec) as content_unit,
        jc_fill_ml(spec) as fill_ml
    from normalised
),

final as (
    select * from unit_prices
)

select * from final

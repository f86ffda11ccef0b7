-- 中选结果明细: one row per bid product of a batch (selected or not) with its price cut against each base:
-- r = 1 − P_win / base for base = ceiling (最高有效申报价), pre-VBP price, local historical price.
with

products as (
    select * from int_batch_products
),

local_prices as (
    select * from int_local_prices
),

volumes as (
    select product_key, sum(agreed_qty_min) as agreed_qty
    from int_agreed_volumes
    where product_key is not null
    group by product_key
),

final as (
    select
        -- ids
        products.product_key,
        products.batch_id,
        products.batch_name,
        products.batch_level,
        products.category,
        -- product
        products.generic_name,
        products.dosage_form,
        products.spec,
        products.pack,
        products.conversion_ratio,                                   -- minimum units per pack
        products.enterprise,
        products.product_code,
        products.is_selected,
        products.supply_role,
        products.supply_provinces,
        -- prices
        products.price_per_pack,
        -- P_win (per minimum unit) = P_pack / conversion_ratio
        products.bid_price_unit,
        products.ceiling_price_unit,
        products.pre_vbp_price_unit,
        local_prices.local_price_unit,                               -- Σ amount / Σ qty in the year before exec_start
        -- price cuts: 1 − P_win / base
        jc_div(products.ceiling_price_unit - products.bid_price_unit, products.ceiling_price_unit)
            as reduction_vs_ceiling,
        jc_div(products.pre_vbp_price_unit - products.bid_price_unit, products.pre_vbp_price_unit)
            as reduction_vs_pre_vbp,
        jc_div(local_prices.local_price_unit - products.bid_price_unit, local_prices.local_price_unit)
            as reduction_vs_local,
        -- savings base
        products.base_kind,                                          -- pre_vbp, else ceiling
        products.base_price_unit,
        coalesce(volumes.agreed_qty, 0) as agreed_qty                -- Σ agreed volumes of all holders and years
    from products
    left join local_prices
        on products.batch_id = local_prices.batch_id
        and products.generic_name = local_prices.generic_name
        and products.dosage_form is not distinct from local_prices.dosage_form
        and products.spec = local_prices.spec
    left join volumes on products.product_key = volumes.product_key
)

select * from final

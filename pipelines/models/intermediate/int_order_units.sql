-- Order lines up to the as-of date in minimum units: qty_min = qty × conversion_ratio and
-- unit_price_min = unit_price / conversion_ratio when the order unit is a pack, else unchanged.
-- Missing names and conversion ratios come from the product catalogue by code.
with

orders as (
    select * from base_orders
),

catalogue as (
    select * from int_product_catalogue
),

params as (
    select * from policy_params
),

filled as (
    select
        orders.* exclude (generic_name, dosage_form, spec, enterprise, conversion_ratio, content_amount, content_unit),
        coalesce(orders.generic_name, catalogue.generic_name) as generic_name,
        coalesce(orders.dosage_form, catalogue.dosage_form) as dosage_form,
        coalesce(orders.spec, catalogue.spec) as spec,
        coalesce(orders.enterprise, catalogue.enterprise) as enterprise,
        coalesce(orders.conversion_ratio, catalogue.conversion_ratio) as conversion_ratio,
        catalogue.product_code is not null as is_catalogued_code
    from orders
    left join catalogue using (product_code)
    where orders.order_date <= (select as_of from params)
),

final as (
    select
        *,
        case when is_pack_unit then jm_mul(qty, conversion_ratio) else qty end as qty_min,
        case when is_pack_unit then jm_div(unit_price, conversion_ratio) else unit_price end as unit_price_min,
        jm_content(spec) as content_amount,
        jm_content_unit(spec) as content_unit
    from filled
)

select * from final

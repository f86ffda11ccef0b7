-- Order lines up to the as-of date in minimum units: qty_min = qty × conversion_ratio and
-- unit_price_min = unit_price / conversion_ratio when the order unit is a pack, else unchanged.
-- The conversion ratio is the file's, else the pack text's ('7片/盒' → 7), else the catalogue's by code;
-- missing names come from the catalogue too. Texts are parsed once per distinct value.
with

orders as (
    select * from base_orders
),

catalogue as (
    select product_code, generic_name, dosage_form, spec, enterprise, conversion_ratio from int_product_catalogue
),

params as (
    select * from policy_params
),

pack_counts as (
    select pack, jm_pack_count(pack) as pack_count
    from (select distinct pack from orders where pack is not null)
),

filled as (
    select
        orders.* exclude (generic_name, dosage_form, spec, enterprise, conversion_ratio),
        coalesce(orders.generic_name, catalogue.generic_name) as generic_name,
        coalesce(orders.dosage_form, catalogue.dosage_form) as dosage_form,
        coalesce(orders.spec, catalogue.spec) as spec,
        coalesce(orders.enterprise, catalogue.enterprise) as enterprise,
        coalesce(orders.conversion_ratio, pack_counts.pack_count, catalogue.conversion_ratio) as conversion_ratio,
        catalogue.product_code is not null as is_catalogued_code
    from orders
    left join catalogue using (product_code)
    left join pack_counts on orders.pack = pack_counts.pack
    where orders.order_date <= (select as_of from params)
),

strengths as (
    select spec, jm_content(spec) as content_amount, jm_content_unit(spec) as content_unit
    from (select distinct spec from filled where spec is not null)
),

codes as (
    select product_code, jm_code_kind(product_code) as code_kind
    from (select distinct product_code from filled where product_code is not null)
),

final as (
    select
        filled.*,
        case when filled.is_pack_unit then jm_mul(filled.qty, filled.conversion_ratio) else filled.qty end as qty_min,
        case when filled.is_pack_unit then jm_div(filled.unit_price, filled.conversion_ratio) else filled.unit_price end
            as unit_price_min,
        strengths.content_amount,
        strengths.content_unit,
        codes.code_kind
    from filled
    left join strengths using (spec)
    left join codes using (product_code)
)

select * from final

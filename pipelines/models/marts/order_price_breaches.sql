-- 采购价格高于中选价或挂网价: order lines of the last order_lookback_days up to as_of (policy monitoring.order_price)
-- bought above a price in force on their order date, per minimum unit (P_unit = unit price ÷ conversion ratio
-- for a line in packs), one row per hospital × product × breach:
--   above_winning: the line's selected product (int_product_matches) in execution on the order date, and
--                  P_unit > its winning price per unit
--   above_listed:  the home-province listing version in force on the order date (the latest valid_from on or
--                  before it) of the same product code, else the same names and pack, and P_unit > its unit price
-- excess_amount = Σ qty_min × (P_unit − reference), the money paid above the price in force.
with

params as (
    select * from policy_params
),

monitoring as (
    select * from policy_monitoring
),

orders as (
    select * from stg_orders
),

matches as (
    select * from int_product_matches where source = 'order'
),

versions as (
    select versions.*
    from stg_listing_price_versions as versions
    cross join params
    where versions.listed_price_unit > 0
        and (params.province = versions.province or jc_province(params.province) = jc_province(versions.province))
),

hospitals as (
    select * from stg_hospitals
),

recent as (
    select
        orders.load_id,
        orders.order_id,
        orders.line_no,
        orders.hospital_code,
        orders.product_code,
        matches.generic_name,
        matches.dosage_form,
        matches.spec,
        orders.pack,
        matches.enterprise,
        orders.order_date,
        matches.vbp_products,
        coalesce(orders.conversion_ratio, matches.conversion_ratio) as conversion_ratio,
        case
            when
                orders.is_pack_unit
                then jc_div(orders.unit_price, coalesce(orders.conversion_ratio, matches.conversion_ratio))
            else orders.unit_price
        end as unit_price_min,
        case
            when
                orders.is_pack_unit
                then jc_mul(orders.qty, coalesce(orders.conversion_ratio, matches.conversion_ratio))
            else orders.qty
        end as qty_min
    from orders
    inner join matches using (load_id, product_text_hash)
    cross join params
    cross join monitoring
    where orders.order_date <= params.as_of
        and orders.order_date > params.as_of - monitoring.order_lookback_days
        and matches.generic_name is not null
),

above_winning as (
    select
        'above_winning' as breach,
        recent.*,
        list_filter(
            recent.vbp_products,
            p -> p.exec_start <= recent.order_date and (p.cycle_end is null or p.cycle_end >= recent.order_date)
        )[1] as selected
    from recent
),

listed_in_force as (
    select
        'above_listed' as breach,
        recent.*,
        versions.listed_price_unit as reference_unit,
        versions.valid_from as reference_valid_from
    from recent
    inner join versions
        on (recent.product_code is not null and recent.product_code = versions.product_code)
        or (
            recent.generic_name = versions.generic_name
            and recent.dosage_form is not distinct from versions.dosage_form
            and recent.spec is not distinct from versions.spec
            and recent.pack is not distinct from versions.pack
            and recent.enterprise is not distinct from versions.enterprise
        )
    where versions.valid_from <= recent.order_date
    qualify row_number() over (
            partition by recent.load_id, recent.order_id, recent.line_no
            order by
                (recent.product_code = versions.product_code) desc nulls last, versions.valid_from desc,
                versions.load_id desc, versions.conversion_ratio, versions.pack
        ) = 1
),

breaches as (
    select
        breach,
        hospital_code,
        generic_name,
        dosage_form,
        spec,
        enterprise,
        order_date,
        unit_price_min,
        qty_min,
        selected.bid_price_unit as reference_unit,
        selected.exec_start as reference_valid_from
    from above_winning
    where unit_price_min > selected.bid_price_unit
    union all
    select
        breach,
        hospital_code,
        generic_name,
        dosage_form,
        spec,
        enterprise,
        order_date,
        unit_price_min,
        qty_min,
        reference_unit,
        reference_valid_from
    from listed_in_force
    where unit_price_min > reference_unit
),

final as (
    select
        breaches.breach,
        breaches.hospital_code,
        hospitals.hospital_name,
        hospitals.region,
        breaches.enterprise,
        breaches.generic_name,
        breaches.dosage_form,
        breaches.spec,
        cast(count(*) as integer) as lines,
        min(breaches.order_date) as first_order_date,
        max(breaches.order_date) as last_order_date,
        max(breaches.unit_price_min) as max_unit_price,                  -- highest P_unit paid
        arg_max(breaches.reference_unit, breaches.order_date) as reference_price_unit,  -- in force on the last line
        jc_round2(sum(jc_mul(breaches.qty_min, breaches.unit_price_min - breaches.reference_unit))) as excess_amount
    from breaches
    left join hospitals using (hospital_code)
    group by all
)

select * from final

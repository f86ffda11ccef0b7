-- 采购价格高于中选价或挂网价的明细: order lines of the last order_lookback_days up to as_of (policy
-- monitoring.order_price) bought above a price in force on their order date, per minimum unit (P_unit = unit price
-- ÷ conversion ratio for a line in packs), one row per line × breach:
--   above_winning: the line's selected product (int_product_matches) in execution on the order date, and
--                  P_unit > its winning price per unit
--   above_listed:  the home-province listing version in force on the order date (the latest valid_from on or
--                  before it) of the same product code, else the same names and pack, and P_unit > its unit price
-- A line is above only by half a fen or more per pack ((P_unit − reference) × conversion ratio ≥ 0.005 元): files
-- round unit prices to four decimals, so 22.42 元 for 14 tablets (1.601429 元) is the winning 1.6014 元, not above.
-- qty_min × (P_unit − reference) is the money a line paid above the price in force: order_price_breaches adds it
-- up per hospital × product; alert_evidence lists the lines behind an alert.
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

-- The version in force is looked for by product code and by names in two equi-joins (an OR of the two in one
-- join condition makes DuckDB compare every recent line with every version: 28 s of a 37 s refresh at 2 M lines).
-- A version both joins find appears twice with the same ordering keys and the same values, so either row is the
-- one kept.
listed_candidates as (
    select
        recent.*,
        versions.listed_price_unit as reference_unit,
        versions.valid_from as reference_valid_from,
        versions.load_id as version_load_id,
        versions.conversion_ratio as version_conversion_ratio,
        versions.pack as version_pack,
        true as by_code
    from recent
    inner join versions on recent.product_code = versions.product_code
    where versions.valid_from <= recent.order_date
    union all
    select
        recent.*,
        versions.listed_price_unit as reference_unit,
        versions.valid_from as reference_valid_from,
        versions.load_id as version_load_id,
        versions.conversion_ratio as version_conversion_ratio,
        versions.pack as version_pack,
        recent.product_code = versions.product_code as by_code
    from recent
    inner join versions
        on recent.generic_name = versions.generic_name
        and recent.dosage_form is not distinct from versions.dosage_form
        and recent.spec is not distinct from versions.spec
        and recent.pack is not distinct from versions.pack
        and recent.enterprise is not distinct from versions.enterprise
    where versions.valid_from <= recent.order_date
),

listed_in_force as (
    select
        'above_listed' as breach,
        * exclude (version_load_id, version_conversion_ratio, version_pack, by_code)
    from listed_candidates
    qualify row_number() over (
            partition by load_id, order_id, line_no
            order by
                by_code desc nulls last, reference_valid_from desc,
                version_load_id desc, version_conversion_ratio, version_pack
        ) = 1
),

breach_lines as (
    select
        breach,
        load_id,
        order_id,
        line_no,
        hospital_code,
        generic_name,
        dosage_form,
        spec,
        enterprise,
        order_date,
        conversion_ratio,
        unit_price_min,
        qty_min,
        selected.bid_price_unit as reference_unit,
        selected.exec_start as reference_valid_from
    from above_winning
    where jc_mul(unit_price_min - selected.bid_price_unit, coalesce(conversion_ratio, 1)) >= 0.005
    union all
    select
        breach,
        load_id,
        order_id,
        line_no,
        hospital_code,
        generic_name,
        dosage_form,
        spec,
        enterprise,
        order_date,
        conversion_ratio,
        unit_price_min,
        qty_min,
        reference_unit,
        reference_valid_from
    from listed_in_force
    where jc_mul(unit_price_min - reference_unit, coalesce(conversion_ratio, 1)) >= 0.005
),

final as (
    select * from breach_lines
)

select * from final

-- 信用评级后的采购明细: one row per credit rating (home province, not repaired) × order line bought from the rated
-- enterprise on or after the rating date, up to as_of (platform and offline lines alike); credit_exposure adds
-- them up per hospital, alert_evidence lists them behind an alert. A level whose scope is
-- the case products (policy_credit_levels.scope) counts only lines whose generic name the rating's 涉案产品 names
-- (all the enterprise's products when it names none); restricts says whether the level limits listing or
-- distribution, so buying on is a breach to act on, not only a record.
with

params as (
    select * from policy_params
),

ratings as (
    select stg_credit_ratings.*
    from stg_credit_ratings
    cross join params
    where not stg_credit_ratings.is_repaired
        and (
            params.province = stg_credit_ratings.province
            or jc_province(params.province) = jc_province(stg_credit_ratings.province)
        )
),

levels as (
    select * from policy_credit_levels
),

orders as (
    select * from stg_orders
),

matches as (
    select * from int_product_matches where source = 'order'
),

lines as (
    select
        orders.load_id,
        orders.order_id,
        orders.line_no,
        orders.hospital_code,
        orders.order_date,
        orders.amount,
        matches.enterprise,
        matches.generic_name
    from orders
    inner join matches using (load_id, product_text_hash)
    cross join params
    where orders.order_date <= params.as_of and matches.enterprise is not null
),

exposed as (
    select
        ratings.province,
        ratings.enterprise,
        ratings.rating_date,
        ratings.level,
        ratings.case_products,
        ratings.case_summary,
        ratings.disposition as rating_disposition,
        levels.scheme,
        levels.restricts,
        levels.scope,
        levels.severity,
        levels.disposition as level_disposition,
        lines.load_id,
        lines.order_id,
        lines.line_no,
        lines.hospital_code,
        lines.order_date,
        lines.amount,
        lines.generic_name
    from ratings
    inner join levels on ratings.level = levels.level
    inner join lines
        on lines.enterprise = ratings.enterprise
        and lines.order_date >= ratings.rating_date
    where levels.scope = 'all_products'
        or nullif(trim(ratings.case_products), '') is null
        or contains(ratings.case_products, lines.generic_name)
),

final as (
    select * from exposed
)

select * from final

-- 信用评级与采购: one row per credit rating (home province, not repaired) × hospital that bought from the rated
-- enterprise on or after the rating date, up to as_of (platform and offline lines alike). A level whose scope is
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

hospitals as (
    select * from stg_hospitals
),

lines as (
    select
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
    select
        exposed.province,
        exposed.enterprise,
        exposed.rating_date,
        exposed.level,
        exposed.scheme,
        exposed.restricts,
        exposed.scope,
        exposed.severity,
        exposed.level_disposition,
        exposed.rating_disposition,
        exposed.case_products,
        exposed.case_summary,
        exposed.hospital_code,
        hospitals.hospital_name,
        hospitals.region,
        cast(count(*) as integer) as lines,
        jc_round2(sum(exposed.amount)) as amount,
        min(exposed.order_date) as first_order_date,
        max(exposed.order_date) as last_order_date,
        string_agg(distinct exposed.generic_name, '、' order by exposed.generic_name) as products
    from exposed
    left join hospitals using (hospital_code)
    group by all
)

select * from final

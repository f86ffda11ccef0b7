-- 信用评级与采购: one row per credit rating (home province, not repaired) × hospital that bought from the rated
-- enterprise on or after the rating date, up to as_of (int_credit_exposure_lines, where the rules are written):
-- lines, amount, first and last order date and the products bought.
with

exposed as (
    select * from int_credit_exposure_lines
),

hospitals as (
    select * from stg_hospitals
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

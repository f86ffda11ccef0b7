-- 企业履约记录: one row per enterprise with supply, price or credit findings, its record from our own data beside
-- its latest credit rating (a record, not a legal rating). Supply counts the assessed months of the last 12 up to
-- as_of (supply_monthly); price findings are the open alerts of this refresh (alerts); the rating is the latest
-- unrepaired home-province rating (stg_credit_ratings, then the latest load).
with

params as (
    select * from policy_params
),

supply as (
    select supply_monthly.*
    from supply_monthly
    cross join params
    where supply_monthly.is_assessed and supply_monthly.order_month > params.as_of - interval 12 month
),

alerts_open as (
    select * from alerts where status <> 'resolved' and enterprise is not null
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
    qualify row_number() over (
            partition by stg_credit_ratings.enterprise
            order by stg_credit_ratings.rating_date desc, stg_credit_ratings.load_id desc
        ) = 1
),

supply_record as (
    select
        enterprise,
        cast(sum(lines) as integer) as lines,
        cast(sum(lines_on_time) as integer) as lines_on_time,
        cast(sum(lines_late) as integer) as lines_late,
        cast(sum(lines_unfilled) as integer) as lines_unfilled
    from supply
    group by enterprise
),

alert_record as (
    select
        enterprise,
        cast(count(*) filter (where alert_kind in ('low_distribution', 'shortage_prone')) as integer) as supply_alerts,
        cast(count(*) filter (
            where alert_kind in ('price_rise', 'new_spec_over_cross_spec', 'price_risk')
        ) as integer) as price_alerts,
        cast(count(*) filter (where alert_kind in ('order_above_winning', 'order_above_listed')) as integer)
            as order_price_alerts,
        cast(count(*) filter (where severity = 'red') as integer) as red_alerts
    from alerts_open
    group by enterprise
),

enterprises as (
    select enterprise from supply_record
    union
    select enterprise from alert_record
    union
    select enterprise from ratings
),

final as (
    select
        enterprises.enterprise,
        coalesce(supply_record.lines, 0) as lines,
        coalesce(supply_record.lines_on_time, 0) as lines_on_time,
        coalesce(supply_record.lines_late, 0) as lines_late,
        coalesce(supply_record.lines_unfilled, 0) as lines_unfilled,
        jc_div(supply_record.lines_on_time, supply_record.lines) as distribution_rate,   -- on time ÷ lines, 12 months
        coalesce(alert_record.supply_alerts, 0) as supply_alerts,
        coalesce(alert_record.price_alerts, 0) as price_alerts,
        coalesce(alert_record.order_price_alerts, 0) as order_price_alerts,
        coalesce(alert_record.red_alerts, 0) as red_alerts,
        ratings.level as credit_level,
        ratings.rating_date as credit_rating_date,
        ratings.province as credit_province
    from enterprises
    left join supply_record using (enterprise)
    left join alert_record using (enterprise)
    left join ratings using (enterprise)
)

select * from final

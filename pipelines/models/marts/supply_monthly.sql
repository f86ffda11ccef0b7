-- 配送情况: one row per enterprise × product (generic name, dosage form, spec) × order month, over the platform
-- order lines (not 线下) up to as_of. With allowed_days from the policy (monitoring.supply):
--   on time  = received on or before order date + allowed_days (and by as_of)
--   late     = received after that
--   unfilled = not received by as_of although order date + allowed_days has passed
--   pending  = not received and still within the allowed days on as_of
--   distribution_rate (配送率) = on-time lines ÷ lines ordered
-- A month is assessed once its last day + allowed_days is on or before as_of (every line has had its days).
-- Names missing from a line come from the product catalogue (int_product_matches).
with

params as (
    select * from policy_params
),

monitoring as (
    select * from policy_monitoring
),

orders as (
    select * from stg_orders where is_platform
),

matches as (
    select * from int_product_matches where source = 'order'
),

lines as (
    select
        matches.enterprise,
        matches.generic_name,
        matches.dosage_form,
        matches.spec,
        cast(date_trunc('month', orders.order_date) as date) as order_month,
        orders.order_date,
        case when orders.received_date <= params.as_of then orders.received_date end as received_date,
        orders.amount,
        monitoring.allowed_days,
        params.as_of
    from orders
    inner join matches using (load_id, product_text_hash)
    cross join params
    cross join monitoring
    where orders.order_date <= params.as_of and matches.enterprise is not null and matches.generic_name is not null
),

classified as (
    select
        *,
        case
            when received_date is not null and received_date - order_date <= allowed_days then 'on_time'
            when received_date is not null then 'late'
            when as_of - order_date > allowed_days then 'unfilled'
            else 'pending'
        end as delivery_status,
        case when received_date is not null then received_date - order_date end as delivery_days
    from lines
),

final as (
    select
        enterprise,
        generic_name,
        dosage_form,
        spec,
        order_month,
        cast(count(*) as integer) as lines,
        cast(count(*) filter (where delivery_status = 'on_time') as integer) as lines_on_time,
        cast(count(*) filter (where delivery_status = 'late') as integer) as lines_late,
        cast(count(*) filter (where delivery_status = 'unfilled') as integer) as lines_unfilled,
        cast(count(*) filter (where delivery_status = 'pending') as integer) as lines_pending,
        jc_div(count(*) filter (where delivery_status = 'on_time'), count(*)) as distribution_rate,
        cast(avg(delivery_days) as decimal(9, 2)) as avg_delivery_days,
        max(delivery_days) as max_delivery_days,
        jc_round2(sum(amount)) as amount,
        any_value(allowed_days) as allowed_days,
        last_day(order_month) + any_value(allowed_days) <= any_value(as_of) as is_assessed
    from classified
    group by enterprise, generic_name, dosage_form, spec, order_month
)

select * from final

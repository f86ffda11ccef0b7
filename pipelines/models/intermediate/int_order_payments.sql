-- Order lines summed for payment timeliness: one row per load × hospital × month of receipt (order month when
-- there is no receipt date) × channel and payment state.
--   days_to_pay = paid_date − received_date; on time when ≤ on_time_days (policy), late when more
-- Whether an unpaid line is due depends on as_of, which moves with every load, so an unpaid received line keeps
-- its receipt date (unpaid_received_date) and payment_timeliness decides against as_of.
-- Incremental: lines are read only for the loads the runner lists in pending_loads (see int_order_months).
with

orders as (
    select * from stg_orders
    where load_id in (select load_id from pending_loads)
),

params as (
    select * from policy_params
),

classified as (
    select
        orders.load_id,
        orders.hospital_code,
        cast(date_trunc('month', coalesce(orders.received_date, orders.order_date)) as date) as month,
        orders.is_platform,
        orders.received_date is not null as is_received,
        orders.paid_date is not null as is_paid,
        orders.paid_date is not null and orders.received_date is not null
        and date_diff('day', orders.received_date, orders.paid_date) <= params.on_time_days as is_on_time,
        orders.paid_date is not null and orders.received_date is not null
        and date_diff('day', orders.received_date, orders.paid_date) > params.on_time_days as is_late,
        case when orders.paid_date is null then orders.received_date end as unpaid_received_date,
        date_diff('day', orders.received_date, orders.paid_date) as days_to_pay,
        orders.amount
    from orders
    cross join params
    where orders.order_date <= coalesce(params.order_cutoff, orders.order_date)
),

final as (
    select
        load_id,
        hospital_code,
        month,
        is_platform,
        is_received,
        is_paid,
        is_on_time,
        is_late,
        unpaid_received_date,
        count(*) as lines,
        sum(amount) as amount,
        sum(days_to_pay) as days_to_pay_total,                  -- over lines with both dates
        count(days_to_pay) as days_to_pay_lines,
        max(days_to_pay) as max_days_to_pay
    from classified
    group by all
)

select * from final

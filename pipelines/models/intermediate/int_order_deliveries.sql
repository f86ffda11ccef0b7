-- 配送明细: every platform order line (not 线下) up to as_of with its delivery status under the policy's allowed
-- days (monitoring.supply):
--   on_time  = received on or before order date + allowed_days (and by as_of)
--   late     = received after that
--   unfilled = not received by as_of although order date + allowed_days has passed
--   pending  = not received and still within the allowed days on as_of
-- Names missing from a line come from the product catalogue (int_product_matches); is_selected marks a selected
-- product of a batch in execution on the order date. supply_monthly counts these per month; alert_evidence lists
-- the late and unfilled ones behind a distribution alert; int_undelivered_substitutions finds non-selected lines
-- bought while a selected one was overdue.
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
        orders.load_id,
        orders.order_id,
        orders.line_no,
        orders.hospital_code,
        matches.enterprise,
        matches.generic_name,
        matches.dosage_form,
        matches.spec,
        cast(date_trunc('month', orders.order_date) as date) as order_month,
        orders.order_date,
        case when orders.received_date <= params.as_of then orders.received_date end as received_date,
        orders.amount,
        -- a selected product of a batch in execution on the order date (as order_price_breaches takes it)
        coalesce(array_length(list_filter(
            matches.vbp_products,
            p -> p.exec_start <= orders.order_date and (p.cycle_end is null or p.cycle_end >= orders.order_date)
        )) > 0, false) as is_selected,
        monitoring.allowed_days,
        params.as_of
    from orders
    inner join matches using (load_id, product_text_hash)
    cross join params
    cross join monitoring
    where orders.order_date <= params.as_of and matches.enterprise is not null and matches.generic_name is not null
),

final as (
    select
        *,
        case
            when
                received_date is not null and date_diff('day', order_date, received_date) <= allowed_days
                then 'on_time'
            when received_date is not null then 'late'
            when date_diff('day', order_date, as_of) > allowed_days then 'unfilled'
            else 'pending'
        end as delivery_status,
        case when received_date is not null then date_diff('day', order_date, received_date) end as delivery_days
    from lines
)

select * from final

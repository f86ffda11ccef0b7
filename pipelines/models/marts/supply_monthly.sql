-- 配送情况: one row per enterprise × product (generic name, dosage form, spec) × order month, over the platform
-- order lines up to as_of classified by int_order_deliveries (on time, late, unfilled, pending):
--   distribution_rate (配送率) = on-time lines ÷ lines ordered
-- A month is assessed once its last day + allowed_days is on or before as_of (every line has had its days).
-- avg_delivery_days is the exact quotient (jc_div) rounded to 2 places: a DOUBLE average cast to a decimal rounds
-- a half differently on other engines.
with

classified as (
    select * from int_order_deliveries
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
        cast(jc_div(sum(delivery_days), count(delivery_days)) as decimal(9, 2)) as avg_delivery_days,
        max(delivery_days) as max_delivery_days,
        jc_round2(sum(amount)) as amount,
        any_value(allowed_days) as allowed_days,
        last_day(order_month) + any_value(allowed_days) <= any_value(as_of) as is_assessed
    from classified
    group by enterprise, generic_name, dosage_form, spec, order_month
)

select * from final

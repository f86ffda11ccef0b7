-- 回款及时率与网采率: one row per hospital × month of receipt (order month when no receipt date).
--   days_to_pay = paid_date − received_date; on time when ≤ on_time_days (policy)
--   due lines: paid, or received more than on_time_days before as_of
--   on_time_share = Σ on-time amount ÷ Σ due amount; online_rate (网采率) = platform amount ÷ all amount
with

payments as (
    select * from int_order_payments
),

hospitals as (
    select * from stg_hospitals
),

params as (
    select * from policy_params
),

-- int_order_payments keeps the receipt date of unpaid lines, so due and overdue are decided per line on as_of
classified as (
    select
        payments.*,
        params.on_time_days,
        payments.is_paid
        or date_diff('day', payments.unpaid_received_date, params.as_of) > params.on_time_days as is_due,
        date_diff('day', payments.unpaid_received_date, params.as_of) > params.on_time_days as is_overdue_unpaid
    from payments
    cross join params
),

monthly as (
    select
        hospital_code,
        month,
        any_value(on_time_days) as on_time_days,
        sum(lines)::integer as lines,
        sum(amount) as amount,
        coalesce(sum(amount) filter (where is_platform), 0) as platform_amount,
        coalesce(sum(amount) filter (where not is_platform), 0) as offline_amount,
        coalesce(sum(lines) filter (where is_received), 0)::integer as received_lines,
        coalesce(sum(lines) filter (where is_paid), 0)::integer as paid_lines,
        coalesce(sum(lines) filter (where is_due), 0)::integer as due_lines,
        coalesce(sum(lines) filter (where is_on_time), 0)::integer as on_time_lines,
        coalesce(sum(lines) filter (where is_late), 0)::integer as late_lines,
        coalesce(sum(lines) filter (where is_overdue_unpaid), 0)::integer as overdue_unpaid_lines,
        coalesce(sum(amount) filter (where is_due), 0) as due_amount,
        coalesce(sum(amount) filter (where is_on_time), 0) as on_time_amount,
        coalesce(sum(amount) filter (where is_late or is_overdue_unpaid), 0) as late_amount,
        cast(sum(days_to_pay_total) as double) / sum(days_to_pay_lines) as avg_days_to_pay,
        max(max_days_to_pay)::integer as max_days_to_pay
    from classified
    group by hospital_code, month
),

final as (
    select
        monthly.hospital_code,
        hospitals.hospital_name,
        hospitals.hospital_level,
        hospitals.region,
        monthly.month,                                                   -- first day of the month
        strftime(monthly.month, '%Y-%m') as month_label,
        monthly.on_time_days,                                            -- policy: days allowed
        monthly.lines,
        jc_round2(monthly.amount) as amount,
        monthly.received_lines,
        monthly.paid_lines,
        monthly.due_lines,                                               -- paid, or past the allowed days
        monthly.on_time_lines,                                           -- paid within on_time_days
        monthly.late_lines,                                              -- paid after on_time_days
        monthly.overdue_unpaid_lines,                                    -- unpaid and past on_time_days
        jc_round2(monthly.due_amount) as due_amount,
        jc_round2(monthly.on_time_amount) as on_time_amount,
        jc_round2(monthly.late_amount) as late_amount,
        jc_div(monthly.on_time_amount, monthly.due_amount) as on_time_share,         -- on-time ÷ due amount
        jc_div(monthly.on_time_lines, monthly.due_lines) as on_time_line_share,       -- on-time ÷ due lines
        cast(monthly.avg_days_to_pay as decimal(18, 2)) as avg_days_to_pay,
        monthly.max_days_to_pay,
        jc_round2(monthly.platform_amount) as platform_amount,                       -- channel 带量/挂网
        jc_round2(monthly.offline_amount) as offline_amount,                         -- channel 线下
        jc_div(monthly.platform_amount, monthly.amount) as online_rate               -- 网采率
    from monthly
    left join hospitals using (hospital_code)
)

select * from final

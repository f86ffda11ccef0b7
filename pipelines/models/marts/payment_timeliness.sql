-- 回款及时率与网采率: one row per hospital × month of receipt (order month when no receipt date).
--   days_to_pay = paid_date − received_date; on time when ≤ on_time_days (policy)
--   due lines: paid, or received more than on_time_days before as_of
--   on_time_share = Σ on-time amount ÷ Σ due amount; online_rate (网采率) = platform amount ÷ all amount
with

lines as (
    select * from int_order_units
),

hospitals as (
    select * from base_hospitals
),

params as (
    select * from policy_params
),

classified as (
    select
        lines.hospital_code,
        cast(date_trunc('month', coalesce(lines.received_date, lines.order_date)) as date) as month,
        lines.amount,
        lines.is_platform,
        lines.received_date is not null as is_received,
        lines.paid_date is not null as is_paid,
        lines.paid_date - lines.received_date as days_to_pay,
        params.on_time_days,
        lines.paid_date is not null or (lines.received_date is not null
            and params.as_of - lines.received_date > params.on_time_days) as is_due,
        lines.paid_date is not null and lines.received_date is not null
            and lines.paid_date - lines.received_date <= params.on_time_days as is_on_time,
        lines.paid_date is not null and lines.received_date is not null
            and lines.paid_date - lines.received_date > params.on_time_days as is_late,
        lines.paid_date is null and lines.received_date is not null
            and params.as_of - lines.received_date > params.on_time_days as is_overdue_unpaid
    from lines
    cross join params
),

monthly as (
    select
        hospital_code,
        month,
        any_value(on_time_days) as on_time_days,
        count(*)::integer as lines,
        sum(amount) as amount,
        coalesce(sum(amount) filter (where is_platform), 0) as platform_amount,
        coalesce(sum(amount) filter (where not is_platform), 0) as offline_amount,
        (count(*) filter (where is_received))::integer as received_lines,
        (count(*) filter (where is_paid))::integer as paid_lines,
        (count(*) filter (where is_due))::integer as due_lines,
        (count(*) filter (where is_on_time))::integer as on_time_lines,
        (count(*) filter (where is_late))::integer as late_lines,
        (count(*) filter (where is_overdue_unpaid))::integer as overdue_unpaid_lines,
        coalesce(sum(amount) filter (where is_due), 0) as due_amount,
        coalesce(sum(amount) filter (where is_on_time), 0) as on_time_amount,
        coalesce(sum(amount) filter (where is_late or is_overdue_unpaid), 0) as late_amount,
        avg(days_to_pay) as avg_days_to_pay,
        max(days_to_pay)::integer as max_days_to_pay
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
        cast(monthly.amount as decimal(38, 2)) as amount,
        monthly.received_lines,
        monthly.paid_lines,
        monthly.due_lines,                                               -- paid, or past the allowed days
        monthly.on_time_lines,                                           -- paid within on_time_days
        monthly.late_lines,                                              -- paid after on_time_days
        monthly.overdue_unpaid_lines,                                    -- unpaid and past on_time_days
        cast(monthly.due_amount as decimal(38, 2)) as due_amount,
        cast(monthly.on_time_amount as decimal(38, 2)) as on_time_amount,
        cast(monthly.late_amount as decimal(38, 2)) as late_amount,
        jm_div(monthly.on_time_amount, monthly.due_amount) as on_time_share,         -- on-time ÷ due amount
        jm_div(monthly.on_time_lines, monthly.due_lines) as on_time_line_share,       -- on-time ÷ due lines
        cast(monthly.avg_days_to_pay as decimal(18, 2)) as avg_days_to_pay,
        monthly.max_days_to_pay,
        cast(monthly.platform_amount as decimal(38, 2)) as platform_amount,          -- channel 带量/挂网
        cast(monthly.offline_amount as decimal(38, 2)) as offline_amount,            -- channel 线下
        jm_div(monthly.platform_amount, monthly.amount) as online_rate               -- 网采率
    from monthly
    left join hospitals using (hospital_code)
)

select * from final

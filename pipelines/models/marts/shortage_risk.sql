-- 易短缺风险: runs of consecutive assessed months in which a manufacturer's distribution rate of a variety
-- (generic name and dosage form, all its specs) stayed below max_rate (policy monitoring.shortage; the 2024
-- guidance: below 10 % for 3 consecutive months). One row per enterprise × variety × run:
--   monthly rate = on-time lines ÷ lines ordered in the month (supply_monthly, summed over specs)
--   a month without orders, or at or above max_rate, ends a run
--   is_shortage_prone = months ≥ the policy's months; is_current = the run reaches the latest assessed month
with

supply as (
    select * from supply_monthly where is_assessed
),

monitoring as (
    select * from policy_monitoring
),

variety_months as (
    select
        enterprise,
        generic_name,
        dosage_form,
        order_month,
        sum(lines) as lines,
        sum(lines_on_time) as lines_on_time,
        sum(lines_unfilled) as lines_unfilled,
        jc_div(sum(lines_on_time), sum(lines)) as distribution_rate
    from supply
    group by enterprise, generic_name, dosage_form, order_month
),

low_months as (
    select
        variety_months.*,
        -- consecutive months share (month number − position in the run)
        (year(order_month) * 12 + month(order_month)) - row_number() over (
            partition by enterprise, generic_name, dosage_form order by order_month
        ) as run_id
    from variety_months
    cross join monitoring
    where variety_months.distribution_rate < monitoring.shortage_max_rate
),

runs as (
    select
        enterprise,
        generic_name,
        dosage_form,
        min(order_month) as since_month,
        max(order_month) as through_month,
        cast(count(*) as integer) as months,
        cast(sum(lines) as integer) as lines,
        cast(sum(lines_on_time) as integer) as lines_on_time,
        cast(sum(lines_unfilled) as integer) as lines_unfilled,
        arg_max(distribution_rate, order_month) as latest_rate
    from low_months
    group by enterprise, generic_name, dosage_form, run_id
),

final as (
    select
        runs.enterprise,
        runs.generic_name,
        runs.dosage_form,
        runs.since_month,
        runs.through_month,
        runs.months,
        runs.lines,
        runs.lines_on_time,
        runs.lines_unfilled,
        jc_div(runs.lines_on_time, runs.lines) as distribution_rate,       -- over the run
        runs.latest_rate,
        monitoring.shortage_max_rate,
        monitoring.shortage_months,
        runs.months >= monitoring.shortage_months as is_shortage_prone,
        runs.through_month = (select max(order_month) from supply) as is_current
    from runs
    cross join monitoring
)

select * from final

-- 约定量完成进度: one row per hospital × batch × variety × cycle year with an agreed volume.
-- completion = purchased selected qty / agreed qty (both in the variety's main spec);
-- elapsed = days of the cycle year passed by as_of (inclusive) / days in the cycle year;
-- the current year is the one containing as_of, or the last one when the cycle has ended;
-- pace_status: a year in progress is behind when completion < elapsed × behind_pace_factor (policy), else on
-- pace; an ended year met its agreed volume when completion ≥ 1, else not; a year not started is not judged.
-- hospital_progress rolls this up per hospital × batch × year (and names years without an agreed volume).
with

variety_years as (
    select * from int_variety_years where agreed_qty_main > 0
),

varieties as (
    select * from int_batch_varieties
),

hospitals as (
    select * from stg_hospitals
),

params as (
    select * from policy_params
),

timed as (
    select
        variety_years.*,
        params.as_of,
        params.behind_pace_factor,
        params.prepay_ratio,
        date_diff('day', year_start, year_end) + 1 as days_in_year,
        least(
            greatest(date_diff('day', year_start, params.as_of) + 1, 0), date_diff('day', year_start, year_end) + 1
        ) as days_elapsed
    from variety_years
    cross join params
),

measured as (
    select
        *,
        jc_div(selected_qty_main, agreed_qty_main) as completion,
        jc_div(days_elapsed, days_in_year) as elapsed
    from timed
),

judged as (
    select
        measured.*,
        varieties.cycle_end,
        case
            when measured.as_of < measured.year_start then 'not_started'
            when measured.as_of > measured.year_end then case when completion >= 1 then 'met' else 'not_met' end
            when completion < elapsed * behind_pace_factor then 'behind'
            else 'on_pace'
        end as pace_status
    from measured
    left join varieties
        on measured.batch_id = varieties.batch_id
        and measured.generic_name = varieties.generic_name
        and measured.dosage_form is not distinct from varieties.dosage_form
),

final as (
    select
        -- ids
        measured.batch_id,
        varieties.batch_name,
        measured.hospital_code,
        hospitals.hospital_name,
        hospitals.hospital_level,
        hospitals.region,
        measured.generic_name,
        measured.dosage_form,
        varieties.main_spec,                                    -- quantities below are in this spec's units
        measured.year_index,                                    -- cycle year k (第k年)
        -- dates
        measured.year_start,                                    -- exec_start + (k − 1) years
        measured.year_end,                                      -- day before exec_start + k years, ≤ cycle_end
        measured.as_of,
        measured.days_in_year::integer as days_in_year,
        measured.days_elapsed::integer as days_elapsed,         -- clamp(as_of − year_start + 1, 0, days_in_year)
        -- quantities
        measured.agreed_qty_main as agreed_qty,                 -- Q_agreed (main spec units)
        measured.selected_qty_main as purchased_selected_qty,   -- selected products bought in the cycle year
        measured.nonselected_qty_main as purchased_nonselected_qty,
        greatest(measured.agreed_qty_main - measured.selected_qty_main, 0) as remaining_qty,
        greatest(measured.selected_qty_main - measured.agreed_qty_main, 0) as excess_qty,
        -- ratios
        measured.completion,                                    -- purchased_selected_qty / agreed_qty
        measured.elapsed,                                       -- days_elapsed / days_in_year
        cast(measured.completion - measured.elapsed as decimal(18, 6)) as pace_gap,          -- completion − elapsed
        cast(measured.elapsed * measured.behind_pace_factor as decimal(18, 6)) as pace_threshold,  -- elapsed × factor
        measured.pace_status,                                   -- on_pace, behind, met, not_met, not_started
        measured.pace_status = 'behind' as is_behind_pace,      -- year in progress, completion < threshold
        measured.year_start <= measured.as_of
        and (measured.as_of <= measured.year_end or coalesce(measured.year_end = measured.cycle_end, false))
            as is_current_year,                                 -- contains as_of, or the last year of an ended cycle
        -- money
        jc_round2(measured.agreed_win_amount) as agreed_amount,  -- Σ Q_agreed × P_win
        jc_round2(jc_mul(measured.agreed_win_amount, measured.prepay_ratio)) as prepay_amount  -- × prepay_ratio
    from judged as measured
    left join varieties
        on measured.batch_id = varieties.batch_id
        and measured.generic_name = varieties.generic_name
        and measured.dosage_form is not distinct from varieties.dosage_form
    left join hospitals on measured.hospital_code = hospitals.hospital_code
)

select * from final

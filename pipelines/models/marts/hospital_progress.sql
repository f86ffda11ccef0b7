-- 约定量进度（医疗机构 × 批次 × 协议年度）: one row per hospital holding an agreed volume of a batch (in any
-- cycle year) × every cycle year of the batch that has started by as_of. The figure every page shows for a
-- hospital's pace, so the overview, the batch page and the statement agree.
--   completion = Σ completion × agreed_amount / Σ agreed_amount over the hospital's varieties in the year
--   pace_status: no_agreed_volume when the year has none (never on pace); an ended year is met when
--   completion ≥ 1, else not_met (varieties_off_pace counts the varieties short of theirs); a year in progress
--   is behind when completion < elapsed × behind_pace_factor, else on_pace.
--   is_current_year: the year containing as_of, or the last year of a cycle that has ended.
with

progress as (
    select * from volume_progress
),

batches as (
    select * from int_batches where batch_ref = batch_id
),

hospitals as (
    select * from stg_hospitals
),

params as (
    select * from policy_params
),

-- procurement cycles run one to three years, renewals up to three more: ten candidate years are plenty
year_numbers as (
    select year_index from (values (1), (2), (3), (4), (5), (6), (7), (8), (9), (10)) as numbers (year_index)
),

-- cycle years started by as_of (and within the cycle), with their window
batch_years as (
    select
        batches.batch_id,
        batches.batch_name,
        batches.cycle_end,
        year_numbers.year_index,
        cast(batches.exec_start + to_years(year_numbers.year_index - 1) as date) as year_start,
        least(
            cast(batches.exec_start + to_years(year_numbers.year_index) as date) - 1,
            coalesce(batches.cycle_end, date '9999-12-31')
        ) as year_end,
        params.as_of,
        params.behind_pace_factor
    from batches
    cross join year_numbers
    cross join params
    where batches.exec_start is not null
        and cast(batches.exec_start + to_years(year_numbers.year_index - 1) as date) <= params.as_of
        and cast(batches.exec_start + to_years(year_numbers.year_index - 1) as date)
        <= coalesce(batches.cycle_end, date '9999-12-31')
),

current_years as (
    select batch_id, max(year_index) as year_index from batch_years group by batch_id
),

holders as (
    select distinct batch_id, hospital_code from progress where hospital_code is not null
),

measured as (
    select
        batch_id,
        hospital_code,
        year_index,
        count(*) as varieties,
        count(*) filter (where pace_status in ('behind', 'not_met')) as varieties_off_pace,
        sum(agreed_amount) as agreed_amount,
        coalesce(
            sum(completion * agreed_amount) / nullif(sum(agreed_amount), 0),
            avg(completion)
        ) as completion
    from progress
    group by batch_id, hospital_code, year_index
),

-- varieties where the hospital bought non-selected products while its selected order was overdue (selected_share)
undelivered as (
    select
        batch_id,
        hospital_code,
        year_index,
        count(*) filter (where is_selected_undelivered) as varieties_selected_undelivered
    from selected_share
    group by batch_id, hospital_code, year_index
),

joined as (
    select
        batch_years.*,
        holders.hospital_code,
        measured.varieties,
        measured.varieties_off_pace,
        measured.agreed_amount,
        measured.completion,
        undelivered.varieties_selected_undelivered,
        batch_years.year_index = current_years.year_index as is_current_year,
        date_diff('day', batch_years.year_start, batch_years.year_end) + 1 as days_in_year,
        date_diff('day', batch_years.year_start, least(batch_years.as_of, batch_years.year_end)) + 1 as days_elapsed
    from batch_years
    inner join holders on batch_years.batch_id = holders.batch_id
    inner join current_years on batch_years.batch_id = current_years.batch_id
    left join measured
        on holders.batch_id = measured.batch_id
        and holders.hospital_code = measured.hospital_code
        and batch_years.year_index = measured.year_index
    left join undelivered
        on holders.batch_id = undelivered.batch_id
        and holders.hospital_code = undelivered.hospital_code
        and batch_years.year_index = undelivered.year_index
),

final as (
    select
        -- ids
        joined.batch_id,
        joined.batch_name,
        joined.hospital_code,
        hospitals.hospital_name,
        hospitals.hospital_level,
        hospitals.region,
        joined.year_index,                                              -- cycle year k (第k年)
        -- dates
        joined.year_start,
        joined.year_end,
        joined.as_of,
        joined.is_current_year,                                         -- contains as_of, or last of an ended cycle
        joined.as_of > joined.year_end as is_year_ended,
        -- measures
        coalesce(joined.varieties, 0)::integer as varieties,            -- varieties with an agreed volume
        coalesce(joined.varieties_off_pace, 0)::integer as varieties_off_pace,  -- behind or not met
        -- bought non-selected while its selected order was overdue: substitution, not choice
        coalesce(joined.varieties_selected_undelivered, 0)::integer as varieties_selected_undelivered,
        jc_round2(joined.agreed_amount) as agreed_amount,               -- Σ Q_agreed × P_win
        cast(joined.completion as decimal(18, 6)) as completion,        -- weighted by agreed amount
        cast(jc_div(joined.days_elapsed, joined.days_in_year) as decimal(18, 6)) as elapsed,
        cast(jc_div(joined.days_elapsed, joined.days_in_year) * joined.behind_pace_factor as decimal(18, 6))
            as pace_threshold,                                          -- elapsed × factor
        case
            when joined.varieties is null then 'no_agreed_volume'
            when joined.as_of > joined.year_end
                then
                    case when joined.completion >= 1 then 'met' else 'not_met' end
            when joined.completion < jc_div(joined.days_elapsed, joined.days_in_year) * joined.behind_pace_factor
                then 'behind'
            else 'on_pace'
        end as pace_status
    from joined
    left join hospitals on joined.hospital_code = hospitals.hospital_code
)

select * from final

-- 结余留用结算单: one row per hospital × batch × period (cycle year, labelled 第k年), summed over the batch's
-- varieties (retention_statement_lines), compared with the payout records.
--   balance  = max(0, Σ_v (budget_v − spend_v))
--   retained = round(balance × rate(grade), 2); rate = flat_rate, or by assessment score (graded policy);
--              0 when the policy requires completion and an agreed volume was not reached
--   difference = paid − retained; matched within 0.01 元; a period not yet ended with no payout is in_progress
with

lines as (
    select * from retention_statement_lines
),

returns as (
    select * from stg_surplus_returns
),

batches as (
    select * from int_batches
),

grades as (
    select * from policy_retention_grades
),

params as (
    select * from policy_params
),

summed as (
    select
        batch_id,
        hospital_code,
        year_index,
        any_value(hospital_name) as hospital_name,
        any_value(period) as period,
        any_value(period_start) as period_start,
        any_value(period_end) as period_end,
        count(*)::integer as varieties,
        sum(agreed_qty) as agreed_qty,
        sum(agreed_base_amount) as agreed_base_amount,
        any_value(mi_pay_ratio) as mi_pay_ratio,
        any_value(insured_share) as insured_share,
        sum(purchased_qty) as purchased_qty,
        sum(purchased_amount) as purchased_amount,
        sum(budget) as budget,
        sum(spend) as spend,
        bool_and(is_completed) as is_completed
    from lines
    group by batch_id, hospital_code, year_index
),

payouts as (
    select returns.*, batches.batch_id
    from returns
    inner join batches using (batch_ref)
),

with_payout as (
    select
        summed.*,
        payouts.period as payout_period,
        payouts.assessment_score,
        payouts.paid_amount,
        payouts.paid_date
    from summed
    left join payouts
        on summed.batch_id = payouts.batch_id
        and summed.hospital_code = payouts.hospital_code
        and (
            payouts.period_index = summed.year_index
            or (payouts.period_index is null and payouts.period_year = year(summed.period_start))
        )
),

graded as (
    select
        with_payout.*,
        params.retention_mode,
        params.require_completion,
        grades.grade,
        case when params.retention_mode = 'flat' then params.flat_rate else grades.rate end as rate
    from with_payout
    cross join params
    left join grades
        on params.retention_mode = 'graded'
        and (
            with_payout.assessment_score > grades.min_score
            or (grades.min_inclusive and with_payout.assessment_score = grades.min_score)
        )
    qualify row_number() over (
            partition by
                with_payout.batch_id, with_payout.hospital_code, with_payout.year_index, with_payout.payout_period
            order by grades.grade_rank
        ) = 1
),

computed as (
    select
        *,
        greatest(budget - spend, 0) as balance,
        case
            when rate is null then null
            when require_completion and not is_completed then cast(0 as decimal(38, 2))
            else round(jc_mul(greatest(budget - spend, 0), rate), 2)
        end as retained
    from graded
),

unmatched_payouts as (
    select payouts.*
    from payouts
    anti join with_payout
        on payouts.batch_id = with_payout.batch_id
        and payouts.hospital_code = with_payout.hospital_code
        and payouts.period = with_payout.payout_period
),

all_rows as (
    select
        batch_id, hospital_code, hospital_name, year_index, period, period_start, period_end, varieties,
        agreed_qty, jc_div(agreed_base_amount, agreed_qty) as pre_vbp_price, mi_pay_ratio, insured_share,
        purchased_qty,
        purchased_amount,
        budget,
        jc_div(spend, jc_mul(jc_mul(purchased_amount, mi_pay_ratio), insured_share)) as spend_factor,
        spend, balance, is_completed, assessment_score, grade, rate, retained, payout_period, paid_amount, paid_date
    from computed
    union all
    select
        batch_id, hospital_code, null, null, period, null, null, 0,
        null, null, null, null,
        null, null, null, null,
        null, null, null, assessment_score, null, null, null, period, paid_amount, paid_date
    from unmatched_payouts
),

final as (
    select
        -- ids
        all_rows.batch_id,
        batches.batch_name,
        all_rows.hospital_code,
        all_rows.hospital_name,
        all_rows.year_index,                                            -- cycle year k
        all_rows.period,                                                -- 第k年 (payout record's own label if unmatched)
        all_rows.period_start,
        all_rows.period_end,
        all_rows.varieties,
        -- inputs
        all_rows.agreed_qty,                                            -- Q_a, Σ over varieties (minimum units)
        all_rows.pre_vbp_price,                                         -- Σ Q_a × price / Σ Q_a
        all_rows.mi_pay_ratio,                                          -- r
        all_rows.insured_share,                                         -- s
        all_rows.purchased_qty,                                         -- Q_p, Σ over varieties
        jc_round2(all_rows.purchased_amount) as purchased_amount,       -- A_p
        -- steps
        jc_round2(all_rows.budget) as budget,                           -- Σ Q_a × pre_vbp_price × r × s
        -- spend / (A_p × r × s): Σ-weighted min(1, Q_a/Q_p)
        all_rows.spend_factor,
        jc_round2(all_rows.spend) as spend,                             -- Σ A_p × min(1, Q_a/Q_p) × r × s
        jc_round2(all_rows.balance) as balance,                         -- max(0, budget − spend)
        all_rows.is_completed,                                          -- every variety reached its agreed volume
        all_rows.assessment_score,                                      -- from the payout record
        all_rows.grade,                                                 -- by score (graded policy)
        all_rows.rate,                                                  -- flat_rate or the grade's rate
        all_rows.retained,                                              -- round(balance × rate, 2)
        -- comparison with the payout record
        all_rows.payout_period,
        jc_round2(all_rows.paid_amount) as paid_amount,
        all_rows.paid_date,
        jc_round2(all_rows.paid_amount - all_rows.retained) as difference,  -- paid − retained
        all_rows.period_end <= params.as_of as is_period_complete,      -- the cycle year has ended by as_of
        case
            when all_rows.paid_amount is null and all_rows.period_end > params.as_of then 'in_progress'
            when all_rows.retained is null and all_rows.year_index is not null then 'not_assessed'
            when all_rows.paid_amount is null and all_rows.retained > 0 then 'not_paid'
            when abs(coalesce(all_rows.paid_amount, 0) - coalesce(all_rows.retained, 0)) <= 0.01 then 'matched'
            when coalesce(all_rows.paid_amount, 0) < coalesce(all_rows.retained, 0) then 'underpaid'
            else 'overpaid'
        end as status
    from all_rows
    cross join params
    left join batches on all_rows.batch_id = batches.batch_ref
)

select * from final

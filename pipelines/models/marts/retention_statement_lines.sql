-- 结余留用计算明细: one row per hospital × batch × cycle year × variety (generic name + form; selected and
-- non-selected products both count), every input and step of docs/rules.md §8, quantities in minimum units:
--   budget_v = Q_a × pre_vbp_price × r × s
--   spend_v  = A_p × min(1, Q_a / Q_p) × r × s   (purchases beyond the agreed quantity excluded pro rata)
with

variety_years as (
    select * from int_variety_years
),

hospitals as (
    select * from stg_hospitals
),

params as (
    select * from policy_params
),

inputs as (
    select
        variety_years.*,
        hospitals.hospital_name,
        hospitals.mi_pay_ratio,
        params.insured_share
    from variety_years
    left join hospitals on variety_years.hospital_code = hospitals.hospital_code
    cross join params
    where variety_years.agreed_qty_min > 0
),

insured as (
    select
        *,
        -- Σ Q_a × pre-VBP price over the agreed rows, × r × s
        jc_mul(jc_mul(agreed_base_amount, mi_pay_ratio), insured_share) as budget,
        -- A_p × r × s, before the pro-rata share
        jc_mul(jc_mul(purchased_amount, mi_pay_ratio), insured_share) as insured_amount
    from inputs
),

steps as (
    select
        *,
        case
            when purchased_qty_min <= agreed_qty_min then cast(1 as decimal(18, 6))
            else jc_div(agreed_qty_min, purchased_qty_min)
        end as spend_factor,
        -- one division, last, so the pro-rata share stays exact to the fen
        case
            when purchased_qty_min <= agreed_qty_min then insured_amount
            else cast(jc_mul(insured_amount, agreed_qty_min) / purchased_qty_min as decimal(38, 6))
        end as spend
    from insured
),

final as (
    select
        -- ids
        batch_id,
        hospital_code,
        hospital_name,
        year_index,
        '第' || year_index || '年' as period,
        year_start as period_start,
        year_end as period_end,
        generic_name,
        dosage_form,
        -- inputs
        agreed_qty_min as agreed_qty,                                    -- Q_a (minimum units)
        jc_div(agreed_base_amount, agreed_qty_min) as pre_vbp_price,     -- Σ Q_a × price / Σ Q_a
        base_kinds as pre_vbp_price_kind,                                -- pre_vbp, or ceiling when unknown
        jc_round4(agreed_base_amount) as agreed_base_amount,             -- Σ Q_a × pre_vbp_price (before r, s)
        mi_pay_ratio,                                                    -- r
        insured_share,                                                   -- s (policy)
        purchased_qty_min as purchased_qty,                              -- Q_p (all products of the variety)
        jc_round4(purchased_amount) as purchased_amount,                 -- A_p
        selected_qty_min as purchased_selected_qty,
        -- steps
        jc_round4(budget) as budget,                                     -- Q_a × pre_vbp_price × r × s
        spend_factor,                                                    -- min(1, Q_a / Q_p)
        jc_round4(spend) as spend,                                       -- A_p × spend_factor × r × s
        jc_round4(budget - spend) as budget_less_spend,                  -- budget − spend
        selected_qty_min >= agreed_qty_min as is_completed               -- agreed volume reached
    from steps
)

select * from final

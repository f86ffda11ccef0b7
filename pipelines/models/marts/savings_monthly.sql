-- 节约金额（按月）: one row per batch × calendar month of the order date, savings on actual purchases of
-- selected products: the hospital rows of `savings_hospital_monthly` (where the savings and the fund share are
-- computed) summed per batch and month. Summed over a batch's months it equals Σ savings.savings_actual of the
-- batch (to 0.0001 元 per row).
with

hospital_months as (
    select * from savings_hospital_monthly
),

final as (
    select
        batch_id,
        any_value(batch_name) as batch_name,
        month,                                                                     -- first day of the month
        any_value(month_label) as month_label,
        count(distinct hospital_code)::integer as hospitals,                       -- hospitals buying selected products
        sum(purchased_qty) as purchased_qty,                                       -- Q (minimum units)
        jc_round2(sum(purchased_amount)) as purchased_amount,                      -- Σ amount paid
        jc_round2(sum(purchased_base_amount)) as purchased_base_amount,            -- Σ base × Q
        jc_round4(sum(savings_actual)) as savings_actual,                          -- Σ base × Q − Σ amount
        jc_round4(sum(fund_savings_actual)) as fund_savings_actual,                -- Σ savings × r
        jc_round4(sum(patient_savings_actual)) as patient_savings_actual           -- savings − fund
    from hospital_months
    group by batch_id, month
)

select * from final

-- 节约金额（按机构、按月）: one row per batch × hospital × calendar month of the order date, savings on actual
-- purchases of selected products (the `savings_actual` rule of `savings`, by hospital and month):
--   savings = Σ base × Q − Σ amount; fund share = savings × mi_pay_ratio of the hospital, patients the rest;
--   price cut on these purchases = savings ÷ Σ base × Q (a ratio of sums, so pages divide the sums they add up).
-- The explorer of leaders (district, level, month range, this year vs last year) and `savings_monthly` read it.
with

purchases as (
    select * from int_order_months where selected_product_key is not null
),

hospitals as (
    select * from stg_hospitals
),

batches as (
    select * from int_batches where batch_ref = batch_id
),

hospital_months as (
    select
        batch_id,
        hospital_code,
        month,
        sum(qty_min) as purchased_qty,
        sum(amount) as purchased_amount,
        sum(base_amount) as purchased_base_amount           -- Σ over lines of qty_min × base price
    from purchases
    group by all
),

split as (
    select
        hospital_months.*,
        hospitals.hospital_name,
        hospitals.hospital_level,
        hospitals.region,
        purchased_base_amount - purchased_amount as savings_actual,
        jc_mul(purchased_base_amount - purchased_amount, hospitals.mi_pay_ratio) as fund_savings_actual
    from hospital_months
    left join hospitals using (hospital_code)
),

final as (
    select
        split.batch_id,
        batches.batch_name,
        split.hospital_code,
        split.hospital_name,
        split.hospital_level,
        split.region,
        split.month,                                                                -- first day of the month
        strftime(split.month, '%Y-%m') as month_label,
        split.purchased_qty,                                                        -- Q (minimum units)
        jc_round2(split.purchased_amount) as purchased_amount,                      -- Σ amount paid
        jc_round2(split.purchased_base_amount) as purchased_base_amount,            -- Σ base × Q
        jc_round4(split.savings_actual) as savings_actual,                          -- Σ base × Q − Σ amount
        jc_round4(split.fund_savings_actual) as fund_savings_actual,                -- savings × r
        -- savings − fund
        jc_round4(split.savings_actual) - jc_round4(split.fund_savings_actual) as patient_savings_actual
    from split
    left join batches using (batch_id)
)

select * from final

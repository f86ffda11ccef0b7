-- 节约金额（按月）: one row per batch × calendar month of the order date, savings on actual purchases of
-- selected products (the `savings_actual` rule of `savings`, by month instead of by cycle year):
--   savings = Σ base × Q − Σ amount; fund share = savings × mi_pay_ratio of each hospital, patients the rest.
-- Summed over a batch's months it equals Σ savings.savings_actual of the batch (to 0.0001 元 per row).
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
        month,
        hospital_code,
        sum(qty_min) as purchased_qty,
        sum(amount) as purchased_amount,
        sum(base_amount) as purchased_base_amount           -- Σ over lines of qty_min × base price
    from purchases
    group by all
),

split as (
    select
        hospital_months.*,
        purchased_base_amount - purchased_amount as savings_actual,
        jc_mul(purchased_base_amount - purchased_amount, hospitals.mi_pay_ratio) as fund_savings_actual
    from hospital_months
    left join hospitals using (hospital_code)
),

shares as (
    select *, savings_actual - fund_savings_actual as patient_savings_actual from split
),

final as (
    select
        shares.batch_id,
        batches.batch_name,
        shares.month,                                                              -- first day of the month
        strftime(shares.month, '%Y-%m') as month_label,
        count(distinct shares.hospital_code)::integer as hospitals,                -- hospitals buying selected products
        sum(shares.purchased_qty) as purchased_qty,                                -- Q (minimum units)
        jc_round2(sum(shares.purchased_amount)) as purchased_amount,               -- Σ amount paid
        jc_round2(sum(shares.purchased_base_amount)) as purchased_base_amount,     -- Σ base × Q
        jc_round4(sum(shares.savings_actual)) as savings_actual,                   -- Σ base × Q − Σ amount
        jc_round4(sum(shares.fund_savings_actual)) as fund_savings_actual,         -- Σ savings × r
        jc_round4(sum(shares.patient_savings_actual)) as patient_savings_actual    -- savings − fund
    from shares
    left join batches using (batch_id)
    group by shares.batch_id, batches.batch_name, shares.month
)

select * from final

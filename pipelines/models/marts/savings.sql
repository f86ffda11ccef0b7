-- 节约金额: one row per batch × holder (hospital or region) × selected product × cycle year.
-- On agreed volumes (NHSA convention): (base − P_win) × Q_agreed. On actual purchases of selected products:
-- Σ (base − P_paid) × Q = base × Q − amount. Fund share = savings × mi_pay_ratio, patient share = the rest.
with

volumes as (
    select * from int_agreed_volumes where product_key is not null
),

purchases as (
    select * from int_order_years where selected_product_key is not null
),

products as (
    select * from int_batch_products
),

hospitals as (
    select * from stg_hospitals
),

agreed as (
    select
        batch_id,
        holder_kind,
        holder_code,
        product_key,
        year_index,
        any_value(hospital_code) as hospital_code,
        any_value(region) as region,
        any_value(mi_pay_ratio) as mi_pay_ratio,
        sum(agreed_qty_min) as agreed_qty
    from volumes
    group by batch_id, holder_kind, holder_code, product_key, year_index
),

purchased as (
    select
        batch_id,
        'hospital' as holder_kind,
        hospital_code as holder_code,
        selected_product_key as product_key,
        year_index,
        sum(qty_min) as purchased_qty,
        sum(amount) as purchased_amount,
        sum(base_amount) as purchased_base_amount           -- Σ over lines of qty_min × base price
    from purchases
    group by all
),

joined as (
    select
        coalesce(agreed.batch_id, purchased.batch_id) as batch_id,
        coalesce(agreed.holder_kind, purchased.holder_kind) as holder_kind,
        coalesce(agreed.holder_code, purchased.holder_code) as holder_code,
        coalesce(agreed.product_key, purchased.product_key) as product_key,
        coalesce(agreed.year_index, purchased.year_index) as year_index,
        agreed.region,
        agreed.mi_pay_ratio as holder_mi_pay_ratio,
        coalesce(agreed.agreed_qty, 0) as agreed_qty,
        coalesce(purchased.purchased_qty, 0) as purchased_qty,
        coalesce(purchased.purchased_amount, 0) as purchased_amount,
        purchased.purchased_base_amount
    from agreed
    full outer join purchased
        on agreed.batch_id = purchased.batch_id
        and agreed.holder_kind = purchased.holder_kind
        and agreed.holder_code = purchased.holder_code
        and agreed.product_key = purchased.product_key
        and agreed.year_index = purchased.year_index
),

priced as (
    select
        joined.*,
        products.batch_name,
        products.generic_name,
        products.dosage_form,
        products.spec,
        products.pack,
        products.enterprise,
        products.product_code,
        products.base_kind,
        products.base_price_unit,
        products.bid_price_unit as win_price_unit,
        hospitals.hospital_name,
        coalesce(joined.holder_mi_pay_ratio, hospitals.mi_pay_ratio) as mi_pay_ratio
    from joined
    inner join products using (product_key)
    -- one equality (no condition on the holder side alone), so DuckDB hashes the join instead of a nested loop
    left join hospitals
        on hospitals.hospital_code = case when joined.holder_kind = 'hospital' then joined.holder_code end
),

computed as (
    select
        *,
        jc_round4(jc_mul(agreed_qty, base_price_unit - win_price_unit)) as savings_agreed,
        jc_round4(case when purchased_qty > 0 then purchased_base_amount - purchased_amount else 0 end)
            as savings_actual
    from priced
),

split as (
    select
        *,
        jc_round4(jc_mul(savings_agreed, mi_pay_ratio)) as fund_savings_agreed,
        jc_round4(jc_mul(savings_actual, mi_pay_ratio)) as fund_savings_actual
    from computed
),

final as (
    select
        -- ids
        batch_id,
        batch_name,
        year_index,
        holder_kind,
        holder_code,
        case when holder_kind = 'hospital' then holder_code end as hospital_code,
        hospital_name,
        region,
        product_key,
        -- product
        generic_name,
        dosage_form,
        spec,
        pack,
        enterprise,
        product_code,
        -- prices per minimum unit
        base_kind,                                            -- pre_vbp | ceiling
        base_price_unit,                                      -- pre-VBP price, else ceiling
        win_price_unit,                                       -- P_win
        -- quantities in minimum units and amounts in yuan
        agreed_qty,                                           -- Q_agreed
        purchased_qty,                                        -- Q bought of this selected product
        purchased_amount,                                     -- Σ amount paid
        savings_agreed,                                       -- (base − P_win) × Q_agreed
        savings_actual,                                       -- Σ base × Q − Σ amount
        mi_pay_ratio,                                         -- r of the hospital (region: mean of its hospitals)
        fund_savings_agreed,                                  -- savings_agreed × r
        savings_agreed - fund_savings_agreed as patient_savings_agreed,   -- savings_agreed × (1 − r)
        fund_savings_actual,                                  -- savings_actual × r
        savings_actual - fund_savings_actual as patient_savings_actual    -- savings_actual × (1 − r)
    from split
)

select * from final

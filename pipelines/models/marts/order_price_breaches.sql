-- 采购价格高于中选价或挂网价: one row per hospital × product × breach (above_winning / above_listed) over the order
-- lines of the last order_lookback_days bought above a price in force on their order date
-- (int_order_price_breach_lines, where each rule is written):
-- excess_amount = Σ qty_min × (P_unit − reference), the money paid above the price in force.
with

breaches as (
    select * from int_order_price_breach_lines
),

hospitals as (
    select * from stg_hospitals
),

final as (
    select
        breaches.breach,
        breaches.hospital_code,
        hospitals.hospital_name,
        hospitals.region,
        breaches.enterprise,
        breaches.generic_name,
        breaches.dosage_form,
        breaches.spec,
        cast(count(*) as integer) as lines,
        min(breaches.order_date) as first_order_date,
        max(breaches.order_date) as last_order_date,
        max(breaches.unit_price_min) as max_unit_price,                  -- highest P_unit paid
        -- in force on the last line; the highest when lines of that date had different ones (a total order)
        arg_max(
            breaches.reference_unit, { 'd': breaches.order_date, 'r': breaches.reference_unit }
        ) as reference_price_unit,
        jc_round2(sum(jc_mul(breaches.qty_min, breaches.unit_price_min - breaches.reference_unit))) as excess_amount
    from breaches
    left join hospitals using (hospital_code)
    group by all
)

select * from final

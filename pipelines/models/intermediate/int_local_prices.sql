-- The local historical price (本地历史价格) of each bid product's generic name + form + spec: the weighted
-- average unit price Σ amount / Σ qty_min of the orders (qty_min > 0) in the year before the batch's execution
-- date. int_order_months splits its periods at exec_start and one year before it, so a period lies wholly
-- inside or outside that window.
with

products as (
    select * from int_batch_products
),

purchases as (
    select * from int_order_months where is_positive_qty
),

specs as (
    select distinct batch_id, generic_name, dosage_form, spec, exec_start
    from products
    where exec_start is not null
),

before_vbp as (
    select
        specs.batch_id,
        specs.generic_name,
        specs.dosage_form,
        specs.spec,
        sum(purchases.amount) as amount,
        sum(purchases.qty_min) as qty_min
    from specs
    inner join purchases
        on purchases.generic_name = specs.generic_name
        and jc_forms_match(purchases.dosage_form, specs.dosage_form)
        and purchases.spec = specs.spec
        and purchases.period_start < specs.exec_start
        and purchases.period_start >= cast(specs.exec_start - interval 1 year as date)
    group by all
),

final as (
    select
        batch_id,
        generic_name,
        dosage_form,
        spec,
        jc_div(amount, qty_min) as local_price_unit
    from before_vbp
)

select * from final

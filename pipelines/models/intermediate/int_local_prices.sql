-- The local historical price (本地历史价格) of each bid product's generic name + form + spec: the weighted
-- average unit price Σ amount / Σ qty_min of the orders in the year before the batch's execution date.
with

products as (
    select * from int_batch_products
),

lines as (
    select * from int_order_units
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
        sum(lines.amount) as amount,
        sum(lines.qty_min) as qty_min
    from specs
    inner join lines
        on lines.generic_name = specs.generic_name
        and (lines.dosage_form is null or specs.dosage_form is null or lines.dosage_form = specs.dosage_form)
        and lines.spec = specs.spec
        and lines.order_date < specs.exec_start
        and lines.order_date >= cast(specs.exec_start - interval 1 year as date)
    where lines.qty_min > 0
    group by all
),

final as (
    select
        batch_id,
        generic_name,
        dosage_form,
        spec,
        jm_div(amount, qty_min) as local_price_unit
    from before_vbp
)

select * from final

-- 平台采购明细: one row per order line. amount falls back to qty × unit_price when the file has none.
with

orders as (
    select * from stg_orders
),

latest as (
    select *
    from orders
    qualify row_number() over (partition by order_id, line_no order by load_id desc, source_row desc) = 1
),

final as (
    select
        order_id,
        line_no,
        hospital_code,
        product_code,
        generic_name,
        dosage_form,
        spec,
        pack,
        enterprise,
        coalesce(conversion_ratio, jm_pack_count(pack)) as conversion_ratio,
        qty,
        qty_unit,
        jm_is_pack_unit(qty_unit) as is_pack_unit,
        unit_price,
        amount as amount_given,
        coalesce(amount, jm_mul(qty, unit_price)) as amount,
        order_date,
        received_date,
        paid_date,
        channel,
        coalesce(channel, '') <> '线下' as is_platform,
        jm_code_kind(product_code) as code_kind,
        jm_content(spec) as content_amount,
        jm_content_unit(spec) as content_unit
    from latest
)

select * from final

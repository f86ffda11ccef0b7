-- 平台采购明细: one row per order line. amount falls back to qty × unit_price when the file has none.
-- product_text_hash identifies the line's product text: parsing and matching (pack counts, strengths, the VBP
-- products and negotiated drugs it is) happen once per distinct text in int_product_matches, not per line.
with

orders as (
    select * from raw_orders
),

final as (
    select
        load_id,                                  -- incremental models reprocess the lines of a load together
        order_id,
        line_no,
        hospital_code,
        product_code,
        generic_name,
        dosage_form,
        spec,
        pack,
        enterprise,
        conversion_ratio,
        hash(product_code, generic_name, dosage_form, spec, pack, enterprise, conversion_ratio) as product_text_hash,
        qty,
        qty_unit,
        jc_is_pack_unit(qty_unit) as is_pack_unit,
        unit_price,
        amount as amount_given,
        coalesce(amount, jc_mul(qty, unit_price)) as amount,
        order_date,
        received_date,
        paid_date,
        channel,
        coalesce(channel, '') <> '线下' as is_platform
    from orders
)

select * from final

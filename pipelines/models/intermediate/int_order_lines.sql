-- Order lines classified against the VBP batches: the batch whose variety (generic name + form) the line
-- belongs to while the batch is in force, whether the product is one of its selected products (by code, else
-- generic name + form + spec + enterprise), the cycle year, and the quantity in the variety's main spec.
-- Only the columns the marts need are kept; order details stay in int_order_units.
with

lines as (
    select * from int_order_units
),

varieties as (
    select * from int_batch_varieties
),

selected_products as (
    select * from int_batch_products where is_selected
),

order_varieties as (
    select distinct generic_name, dosage_form from lines where generic_name is not null
),

-- each order (generic name, form) × the batch varieties it belongs to; an order without a form matches the
-- variety of its generic name
variety_candidates as (
    select
        order_varieties.generic_name as order_generic_name,
        order_varieties.dosage_form as order_dosage_form,
        varieties.batch_id,
        varieties.generic_name as variety_generic_name,
        varieties.dosage_form as variety_dosage_form,
        varieties.exec_start,
        varieties.cycle_end,
        varieties.main_content_amount,
        varieties.main_content_unit
    from order_varieties
    inner join varieties
        on order_varieties.generic_name = varieties.generic_name
        and (
            order_varieties.dosage_form is null
            or varieties.dosage_form is null
            or order_varieties.dosage_form = varieties.dosage_form
        )
    where varieties.exec_start is not null
),

-- a later batch of the same variety takes over from its execution date, so windows never overlap
variety_windows as (
    select
        *,
        least(
            coalesce(cycle_end, date '9999-12-31'),
            coalesce(
                lead(exec_start) over (partition by order_generic_name, order_dosage_form order by exec_start) - 1,
                date '9999-12-31'
            )
        ) as window_end
    from variety_candidates
),

in_force as (
    select
        lines.order_id,
        lines.line_no,
        lines.hospital_code,
        lines.product_code,
        lines.generic_name,
        lines.dosage_form,
        lines.spec,
        lines.enterprise,
        lines.order_date,
        lines.qty_min,
        lines.unit_price_min,
        lines.amount,
        lines.content_amount,
        lines.content_unit,
        variety_windows.batch_id,
        variety_windows.variety_generic_name,
        variety_windows.variety_dosage_form,
        variety_windows.exec_start,
        variety_windows.main_content_amount,
        variety_windows.main_content_unit
    from lines
    left join variety_windows
        on lines.generic_name = variety_windows.order_generic_name
        and lines.dosage_form is not distinct from variety_windows.order_dosage_form
        and lines.order_date between variety_windows.exec_start and variety_windows.window_end
),

selected_by_code as (
    select batch_id, product_code, product_key, base_price_unit, base_kind, bid_price_unit
    from selected_products
    where product_code is not null
    qualify row_number() over (partition by batch_id, product_code order by product_key) = 1
),

selected_by_name as (
    select batch_id, generic_name, dosage_form, spec, enterprise, product_key, base_price_unit, base_kind, bid_price_unit
    from selected_products
    qualify row_number() over (partition by batch_id, generic_name, dosage_form, spec, enterprise order by product_key) = 1
),

classified as (
    select
        in_force.*,
        coalesce(selected_by_code.product_key, selected_by_name.product_key) as selected_product_key,
        coalesce(selected_by_code.base_price_unit, selected_by_name.base_price_unit) as base_price_unit,
        coalesce(selected_by_code.base_kind, selected_by_name.base_kind) as base_kind,
        coalesce(selected_by_code.bid_price_unit, selected_by_name.bid_price_unit) as win_price_unit
    from in_force
    left join selected_by_code
        on in_force.batch_id = selected_by_code.batch_id
        and in_force.product_code = selected_by_code.product_code
    left join selected_by_name
        on in_force.batch_id = selected_by_name.batch_id
        and in_force.generic_name = selected_by_name.generic_name
        and in_force.variety_dosage_form is not distinct from selected_by_name.dosage_form
        and in_force.spec is not distinct from selected_by_name.spec
        and in_force.enterprise = selected_by_name.enterprise
),

final as (
    select
        * exclude (main_content_amount, main_content_unit),
        case
            when batch_id is null then 'non_vbp'
            when selected_product_key is not null then 'selected'
            else 'non_selected'
        end as vbp_status,
        selected_product_key is not null as is_selected_product,
        case when batch_id is not null then cast(1 + date_sub('year', exec_start, order_date) as integer) end as year_index,
        -- quantity in the variety's main spec: other strengths converted by strength ratio
        jm_mul(qty_min, jm_strength_factor(content_amount, content_unit, main_content_amount, main_content_unit))
            as qty_main
    from classified
)

select * from final

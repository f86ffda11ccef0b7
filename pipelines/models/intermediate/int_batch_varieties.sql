-- One row per batch × variety (generic name + dosage form) of the selected products, with the batch window
-- and the main spec that quantities of other strengths are converted to: the spec with the largest agreed
-- volume, else the lowest strength among the selected products.
with

products as (
    select * from int_batch_products where is_selected
),

volumes as (
    select * from int_agreed_volumes
),

varieties as (
    select
        batch_id,
        generic_name,
        dosage_form,
        any_value(batch_name) as batch_name,
        any_value(exec_start) as exec_start,
        any_value(cycle_end) as cycle_end,
        count(*) as selected_products,
        count(distinct enterprise) as selected_enterprises
    from products
    group by batch_id, generic_name, dosage_form
),

spec_candidates as (
    select
        batch_id, generic_name, dosage_form, spec, content_amount, content_unit, sum(agreed_qty_min) as agreed_qty_min
    from volumes
    where product_key is not null
    group by all
    union all
    select batch_id, generic_name, dosage_form, spec, content_amount, content_unit, null as agreed_qty_min
    from products
),

main_spec as (
    select *
    from spec_candidates
    qualify row_number() over (
            partition by batch_id, generic_name, dosage_form
            order by agreed_qty_min desc nulls last, content_amount nulls last, spec
        ) = 1
),

final as (
    select
        varieties.*,
        main_spec.spec as main_spec,
        main_spec.content_amount as main_content_amount,
        main_spec.content_unit as main_content_unit
    from varieties
    left join main_spec
        on varieties.batch_id = main_spec.batch_id
        and varieties.generic_name = main_spec.generic_name
        and varieties.dosage_form is not distinct from main_spec.dosage_form
)

select * from final

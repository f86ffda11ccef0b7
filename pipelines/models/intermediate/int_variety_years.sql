-- Hospital × batch × variety × cycle year: the agreed quantity and the purchases of the variety, in minimum
-- units (*_min, what retention compares) and in the variety's main spec (*_main, other strengths converted by
-- strength ratio, what progress and selected share compare). The grain of those three marts.
with

volumes as (
    select * from int_agreed_volumes where holder_kind = 'hospital' and product_key is not null
),

purchases as (
    select * from int_order_years
),

varieties as (
    select * from int_batch_varieties
),

agreed as (
    select
        volumes.batch_id,
        volumes.hospital_code,
        volumes.generic_name,
        volumes.dosage_form,
        volumes.year_index,
        sum(volumes.agreed_qty_min) as agreed_qty_min,
        sum(jc_mul(
            volumes.agreed_qty_min,
            jc_strength_factor(
                volumes.content_amount, volumes.content_unit,
                varieties.main_content_amount, varieties.main_content_unit
            )
        )) as agreed_qty_main,
        -- Σ Q_a × pre-VBP price (the savings base) per agreed row, before r and s
        sum(jc_mul(volumes.agreed_qty_min, volumes.base_price_unit)) as agreed_base_amount,
        sum(jc_mul(volumes.agreed_qty_min, volumes.win_price_unit)) as agreed_win_amount,
        count(*) filter (where volumes.base_price_unit is null) as rows_without_base,
        string_agg(distinct volumes.base_kind, ',' order by volumes.base_kind) as base_kinds
    from volumes
    left join varieties
        on volumes.batch_id = varieties.batch_id
        and volumes.generic_name = varieties.generic_name
        and volumes.dosage_form is not distinct from varieties.dosage_form
    group by 1, 2, 3, 4, 5
),

purchased as (
    select
        batch_id,
        hospital_code,
        variety_generic_name as generic_name,
        variety_dosage_form as dosage_form,
        year_index,
        sum(qty_main) as purchased_qty_main,
        sum(qty_min) as purchased_qty_min,
        sum(amount) as purchased_amount,
        coalesce(sum(qty_min) filter (where selected_product_key is not null), 0) as selected_qty_min,
        coalesce(sum(qty_main) filter (where selected_product_key is not null), 0) as selected_qty_main,
        coalesce(sum(amount) filter (where selected_product_key is not null), 0) as selected_amount,
        coalesce(sum(qty_main) filter (where selected_product_key is null), 0) as nonselected_qty_main,
        coalesce(sum(amount) filter (where selected_product_key is null), 0) as nonselected_amount,
        sum(lines_without_qty)::bigint as lines_without_quantity
    from purchases
    group by 1, 2, 3, 4, 5
),

joined as (
    select
        coalesce(agreed.batch_id, purchased.batch_id) as batch_id,
        coalesce(agreed.hospital_code, purchased.hospital_code) as hospital_code,
        coalesce(agreed.generic_name, purchased.generic_name) as generic_name,
        coalesce(agreed.dosage_form, purchased.dosage_form) as dosage_form,
        coalesce(agreed.year_index, purchased.year_index) as year_index,
        coalesce(agreed.agreed_qty_min, 0) as agreed_qty_min,
        coalesce(agreed.agreed_qty_main, 0) as agreed_qty_main,
        coalesce(agreed.agreed_base_amount, 0) as agreed_base_amount,
        coalesce(agreed.agreed_win_amount, 0) as agreed_win_amount,
        coalesce(agreed.rows_without_base, 0) as rows_without_base,
        agreed.base_kinds,
        coalesce(purchased.purchased_qty_main, 0) as purchased_qty_main,
        coalesce(purchased.purchased_qty_min, 0) as purchased_qty_min,
        coalesce(purchased.purchased_amount, 0) as purchased_amount,
        coalesce(purchased.selected_qty_min, 0) as selected_qty_min,
        coalesce(purchased.selected_qty_main, 0) as selected_qty_main,
        coalesce(purchased.selected_amount, 0) as selected_amount,
        coalesce(purchased.nonselected_qty_main, 0) as nonselected_qty_main,
        coalesce(purchased.nonselected_amount, 0) as nonselected_amount,
        coalesce(purchased.lines_without_quantity, 0) as lines_without_quantity
    from agreed
    full outer join purchased
        on agreed.batch_id = purchased.batch_id
        and agreed.hospital_code = purchased.hospital_code
        and agreed.generic_name = purchased.generic_name
        and agreed.dosage_form is not distinct from purchased.dosage_form
        and agreed.year_index = purchased.year_index
),

final as (
    select
        joined.batch_id,
        joined.hospital_code,
        joined.generic_name,
        joined.dosage_form,
        joined.year_index,
        -- cycle year k runs from exec_start + (k − 1) years to the day before exec_start + k years (or cycle_end)
        cast(varieties.exec_start + to_years(joined.year_index - 1) as date) as year_start,
        least(
            cast(varieties.exec_start + to_years(joined.year_index) as date) - 1,
            coalesce(varieties.cycle_end, date '9999-12-31')
        ) as year_end,
        joined.* exclude (batch_id, hospital_code, generic_name, dosage_form, year_index)
    from joined
    left join varieties
        on joined.batch_id = varieties.batch_id
        and joined.generic_name = varieties.generic_name
        and joined.dosage_form is not distinct from varieties.dosage_form
)

select * from final

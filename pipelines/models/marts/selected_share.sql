-- 中选产品使用比例: one row per hospital × batch × variety × cycle year with purchases of the variety.
-- selected_share = selected qty / (selected + non-selected qty of the same generic name and form), in the
-- variety's main spec; the non-selected quantity and amount are the substitution gap. Of the non-selected lines,
-- those bought while a selected line of the variety the hospital had ordered was overdue
-- (int_undelivered_substitutions) are counted apart: is_selected_undelivered marks a hospital that substituted
-- because the selected product did not arrive, not by choice.
with

variety_years as (
    select * from int_variety_years where purchased_qty_main > 0 or purchased_amount > 0
),

varieties as (
    select * from int_batch_varieties
),

hospitals as (
    select * from stg_hospitals
),

substitutions as (
    select * from int_undelivered_substitutions
),

-- the substitutions within each row's cycle year
undelivered as (
    select
        variety_years.batch_id,
        variety_years.hospital_code,
        variety_years.generic_name,
        variety_years.dosage_form,
        variety_years.year_index,
        count(*) as lines,
        sum(substitutions.amount) as amount
    from variety_years
    inner join substitutions
        on variety_years.hospital_code = substitutions.hospital_code
        and variety_years.generic_name = substitutions.generic_name
        and variety_years.dosage_form is not distinct from substitutions.dosage_form
        and substitutions.order_date between variety_years.year_start and variety_years.year_end
    group by 1, 2, 3, 4, 5
),

final as (
    select
        variety_years.batch_id,
        varieties.batch_name,
        variety_years.hospital_code,
        hospitals.hospital_name,
        hospitals.hospital_level,
        hospitals.region,
        variety_years.generic_name,
        variety_years.dosage_form,
        varieties.main_spec,
        variety_years.year_index,
        variety_years.year_start,
        variety_years.year_end,
        variety_years.selected_qty_main as selected_qty,            -- Q of selected products (main spec)
        variety_years.nonselected_qty_main as nonselected_qty,      -- Q of other products of the variety
        jc_div(
            variety_years.selected_qty_main,
            variety_years.selected_qty_main + variety_years.nonselected_qty_main
        ) as selected_share,                                        -- selected / (selected + non-selected)
        jc_round2(variety_years.selected_amount) as selected_amount,
        jc_round2(variety_years.nonselected_amount) as nonselected_amount,  -- substitution gap (元)
        -- lines whose unit could not be converted
        variety_years.lines_without_quantity::integer as lines_without_quantity,
        coalesce(undelivered.lines, 0)::integer as nonselected_lines_while_undelivered,
        jc_round2(coalesce(undelivered.amount, 0)) as nonselected_amount_while_undelivered,
        undelivered.lines is not null as is_selected_undelivered
    from variety_years
    left join varieties
        on variety_years.batch_id = varieties.batch_id
        and variety_years.generic_name = varieties.generic_name
        and variety_years.dosage_form is not distinct from varieties.dosage_form
    left join hospitals on variety_years.hospital_code = hospitals.hospital_code
    left join undelivered
        on variety_years.batch_id = undelivered.batch_id
        and variety_years.hospital_code = undelivered.hospital_code
        and variety_years.generic_name = undelivered.generic_name
        and variety_years.dosage_form is not distinct from undelivered.dosage_form
        and variety_years.year_index = undelivered.year_index
)

select * from final

-- One row per bid product of a batch (selected or not) with its batch resolved, a product key and the
-- savings base: the pre-VBP unit price, else the ceiling price (base_kind says which).
with

results as (
    select * from stg_batch_results
),

batches as (
    select * from int_batches
),

joined as (
    select
        batches.batch_id,
        batches.batch_name,
        batches.batch_level,
        batches.category,
        batches.exec_start,
        batches.cycle_end,
        results.* exclude (batch_ref)
    from results
    inner join batches using (batch_ref)
),

keyed as (
    select
        concat_ws(
            '|', batch_id, generic_name, coalesce(dosage_form, ''), coalesce(spec, ''), coalesce(pack, ''), enterprise
        )
            as product_key,
        *,
        coalesce(pre_vbp_price_unit, ceiling_price_unit) as base_price_unit,
        case
            when pre_vbp_price_unit is not null then 'pre_vbp'
            when ceiling_price_unit is not null then 'ceiling'
        end as base_kind
    from joined
),

final as (
    select *
    from keyed
    -- two rows of one product (a batch named by its id in one file and by its name in another): the selected one,
    -- then the lower price, then the rest of the row, so the choice never depends on the order rows were loaded in
    qualify row_number() over (
            partition by product_key
            order by
                is_selected desc, bid_price_unit nulls last, product_code nulls last, conversion_ratio nulls last,
                price_per_pack nulls last, price_per_unit nulls last, ceiling_price_unit nulls last,
                pre_vbp_price_unit nulls last, supply_role nulls last, supply_provinces nulls last
        ) = 1
)

select * from final

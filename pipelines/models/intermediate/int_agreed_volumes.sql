-- Agreed volumes matched to a selected product of their batch — by product code, else by generic name +
-- form + spec + enterprise, else (volume reported by generic name) the main supplier or the lowest bid of the
-- spec — converted to minimum units, with the cycle year window and the holder's mi_pay_ratio.
with

volumes as (
    select
        row_number() over (
            order by batch_ref, hospital_code, region, generic_name, dosage_form, spec, product_code, year_index
        ) as volume_row,
        *
    from stg_agreed_volumes
),

batches as (
    select * from int_batches
),

selected_products as (
    select * from int_batch_products where is_selected
),

hospitals as (
    select * from stg_hospitals
),

volumes_in_batches as (
    select
        volumes.*,
        batches.batch_id,
        batches.batch_name,
        batches.exec_start,
        batches.cycle_end
    from volumes
    inner join batches using (batch_ref)
),

candidate_products as (
    select
        volumes_in_batches.volume_row,
        selected_products.product_key,
        selected_products.dosage_form as product_dosage_form,
        selected_products.spec as product_spec,
        selected_products.enterprise as product_enterprise,
        selected_products.product_code as product_product_code,
        selected_products.conversion_ratio,
        selected_products.bid_price_unit as win_price_unit,
        selected_products.pre_vbp_price_unit,
        selected_products.ceiling_price_unit,
        selected_products.base_price_unit,
        selected_products.base_kind,
        case
            when volumes_in_batches.product_code = selected_products.product_code then 1
            when volumes_in_batches.enterprise = selected_products.enterprise
                and volumes_in_batches.spec is not distinct from selected_products.spec then 2
            when volumes_in_batches.enterprise is null and volumes_in_batches.product_code is null
                and volumes_in_batches.spec is not distinct from selected_products.spec then 3
        end as match_rank,
        selected_products.supply_role
    from volumes_in_batches
    inner join selected_products
        on volumes_in_batches.batch_id = selected_products.batch_id
        and volumes_in_batches.generic_name = selected_products.generic_name
        and jc_forms_match(volumes_in_batches.dosage_form, selected_products.dosage_form)
),

best_product as (
    select *
    from candidate_products
    where match_rank is not null
    qualify row_number() over (
        partition by volume_row
        order by match_rank, (supply_role = '主供') desc nulls last, win_price_unit, product_key
    ) = 1
),

region_ratios as (
    select region, cast(avg(mi_pay_ratio) as decimal(9, 6)) as mi_pay_ratio
    from hospitals
    where region is not null
    group by region
),

matched as (
    select
        volumes_in_batches.*,
        best_product.product_key,
        coalesce(best_product.product_dosage_form, volumes_in_batches.dosage_form) as variety_dosage_form,
        best_product.product_spec,
        best_product.product_enterprise,
        best_product.conversion_ratio,
        best_product.win_price_unit,
        best_product.pre_vbp_price_unit,
        best_product.ceiling_price_unit,
        best_product.base_price_unit,
        best_product.base_kind,
        coalesce(hospitals.mi_pay_ratio, region_ratios.mi_pay_ratio) as mi_pay_ratio
    from volumes_in_batches
    left join best_product using (volume_row)
    left join hospitals on volumes_in_batches.hospital_code = hospitals.hospital_code
    left join region_ratios
        on volumes_in_batches.hospital_code is null and volumes_in_batches.region = region_ratios.region
),

final as (
    select
        batch_id,
        batch_name,
        holder_kind,
        hospital_code,
        region,
        coalesce(hospital_code, region) as holder_code,
        generic_name,
        variety_dosage_form as dosage_form,
        coalesce(spec, product_spec) as spec,
        coalesce(enterprise, product_enterprise) as enterprise,
        product_code,
        product_key,
        year_index,
        cast(exec_start + to_years(year_index - 1) as date) as year_start,
        least(cast(exec_start + to_years(year_index) as date) - 1, coalesce(cycle_end, date '9999-12-31')) as year_end,
        unit,
        is_pack_unit,
        conversion_ratio,
        -- quantities in minimum units: a pack unit (盒) multiplies by the product's conversion ratio
        case when is_pack_unit then jc_mul(agreed_qty, conversion_ratio) else agreed_qty end as agreed_qty_min,
        case when is_pack_unit then jc_mul(reported_qty, conversion_ratio) else reported_qty end as reported_qty_min,
        win_price_unit,
        pre_vbp_price_unit,
        ceiling_price_unit,
        base_price_unit,
        base_kind,
        mi_pay_ratio,
        jc_content(coalesce(spec, product_spec)) as content_amount,
        jc_content_unit(coalesce(spec, product_spec)) as content_unit
    from matched
)

select * from final

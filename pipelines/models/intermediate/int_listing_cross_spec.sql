-- 药品差比价: for listed drugs of one province × generic name × form × enterprise (a maker's own specs and
-- packs), the cheapest listing per minimum unit is the representative; every listing's comparable limit is
--   limit = P_rep(pack) × K_content × K_pack × K_fill, K = base^log2(x), x = candidate ÷ representative
-- (content: strength; pack: conversion ratio; fill: ml, applied only when the strengths are equal or unknown),
-- rounded half-up to the fen. Bases come from the policy (1.7 / 1.95 / 1.9).
with

listings as (
    select * from stg_listing_prices where listed_price_unit is not null and category = '药品'
),

params as (
    select * from policy_params
),

representatives as (
    select
        province,
        generic_name,
        dosage_form,
        enterprise,
        spec as rep_spec,
        pack as rep_pack,
        enterprise as rep_enterprise,
        product_code as rep_product_code,
        listed_price as rep_price,
        conversion_ratio as rep_conversion_ratio,
        content_amount as rep_content_amount,
        content_unit as rep_content_unit,
        fill_ml as rep_fill_ml
    from listings
    qualify row_number() over (
        partition by province, generic_name, dosage_form, enterprise
        order by listed_price_unit, content_amount nulls last, conversion_ratio, spec, pack, enterprise, product_code
    ) = 1
),

ratios as (
    select
        listings.province,
        listings.generic_name,
        listings.dosage_form,
        listings.spec,
        listings.pack,
        listings.enterprise,
        listings.product_code,
        listings.listed_price,
        representatives.* exclude (province, generic_name, dosage_form, enterprise),
        case
            when listings.content_amount > 0 and representatives.rep_content_amount > 0
                and listings.content_unit = representatives.rep_content_unit
                then listings.content_amount / representatives.rep_content_amount
        end as content_ratio,
        listings.conversion_ratio / representatives.rep_conversion_ratio as pack_ratio,
        listings.fill_ml,
        listings.spec = representatives.rep_spec
            and listings.pack is not distinct from representatives.rep_pack
            and listings.enterprise is not distinct from representatives.rep_enterprise
            and listings.product_code is not distinct from representatives.rep_product_code as is_representative
    from listings
    inner join representatives
        on listings.province = representatives.province
        and listings.generic_name = representatives.generic_name
        and listings.dosage_form is not distinct from representatives.dosage_form
        and listings.enterprise is not distinct from representatives.enterprise
),

coefficients as (
    select
        ratios.*,
        case
            when (content_ratio is null or content_ratio = 1) and fill_ml > 0 and rep_fill_ml > 0 then fill_ml / rep_fill_ml
        end as fill_ratio,
        params.content_k,
        params.pack_count_k,
        params.fill_volume_k
    from ratios
    cross join params
),

-- K is NULL when a ratio is beyond 1000× either way (jc_difference_k): a misread strength or count, not a spec
-- the rule compares; the limit is NULL when it would not fit DECIMAL(18,6). data_quality_notes reads the note.
limits as (
    select
        *,
        jc_difference_k(content_k, content_ratio)
            * jc_difference_k(pack_count_k, pack_ratio)
            * jc_difference_k(fill_volume_k, fill_ratio) as k
    from coefficients
),

final as (
    select
        province,
        generic_name,
        dosage_form,
        spec,
        pack,
        enterprise,
        product_code,
        concat_ws(' ', rep_spec, rep_pack) as cross_spec_representative,
        rep_price as cross_spec_representative_price,
        try_cast(content_ratio as decimal(18, 6)) as content_ratio,
        try_cast(pack_ratio as decimal(18, 6)) as pack_ratio,
        try_cast(fill_ratio as decimal(18, 6)) as fill_ratio,
        try_cast(k as decimal(18, 6)) as cross_spec_k,
        round(try_cast(rep_price * k as decimal(18, 6)), 2) as cross_spec_limit,
        case
            when k is null then '与代表品的含量、转换比或装量之比超出 0.001–1000 倍，无法计算差比价'
            when try_cast(rep_price * k as decimal(18, 6)) is null then '差比价限价过大（10^12 元以上），无法计算'
        end as cross_spec_note,
        is_representative
    from limits
)

select * from final

-- 挂网价格变动: one row per listing version that has an earlier version (province × product, by valid-from date),
-- with the change against the version before it:
--   change_share = (P − P_previous) / P_previous, per pack (the listing key includes the pack)
--   is_rise_alert = change_share > max_rise_share (policy monitoring.price_rise), strictly above
-- is_current marks the listing's latest version (the one stg_listing_prices keeps).
with

versions as (
    select * from stg_listing_price_versions
),

monitoring as (
    select * from policy_monitoring
),

params as (
    select * from policy_params
),

sequenced as (
    select
        *,
        lag(valid_from) over listing_versions as previous_valid_from,
        lag(listed_price) over listing_versions as previous_price,
        row_number() over (
            partition by province, generic_name, dosage_form, spec, pack, enterprise, product_code
            order by valid_from desc nulls last, load_id desc
        ) = 1 as is_current
    from versions
    window listing_versions as (
        partition by province, generic_name, dosage_form, spec, pack, enterprise, product_code
        order by valid_from nulls first, load_id
    )
),

final as (
    select
        sequenced.province,
        params.province = sequenced.province
        or jc_province(params.province) = jc_province(sequenced.province) as is_home_province,
        sequenced.product_code,
        sequenced.generic_name,
        sequenced.dosage_form,
        sequenced.spec,
        sequenced.pack,
        sequenced.enterprise,
        sequenced.category,
        sequenced.previous_valid_from,
        sequenced.valid_from,
        sequenced.previous_price,                                         -- P_previous per pack
        sequenced.listed_price,                                           -- P per pack
        sequenced.listed_price - sequenced.previous_price as change_amount,
        jc_div(sequenced.listed_price - sequenced.previous_price, sequenced.previous_price) as change_share,
        monitoring.max_rise_share,
        coalesce(
            jc_div(sequenced.listed_price - sequenced.previous_price, sequenced.previous_price)
            > monitoring.max_rise_share,
            false
        ) as is_rise_alert,
        sequenced.is_current
    from sequenced
    cross join monitoring
    cross join params
    where sequenced.previous_price is not null
)

select * from final

-- 挂网价格风险分级 (e.g. 苏医保发〔2021〕64号): one row per current home-province drug listing that has a reference
-- price. The reference is the lowest winning price of a selected product of the same variety (generic name and
-- dosage form) in force on as_of, compared per unit of content when both specs state a strength in the same unit
-- (换算到同一含量), else per minimum unit of the same spec:
--   multiple = (P_unit ÷ content) ÷ (P_win_unit ÷ content_win), or P_unit ÷ P_win_unit for the same spec
-- taking the selected product that gives the highest multiple (the lowest reference; then batch and product key).
-- The tier is the highest of policy_price_risk_tiers whose min_multiple the multiple reaches (≥ when
-- min_inclusive, else >); a listing below every tier has none.
with

listings as (
    select * from stg_listing_prices where category = '药品' and listed_price_unit > 0
),

params as (
    select * from policy_params
),

monitoring as (
    select * from policy_monitoring
),

tiers as (
    select * from policy_price_risk_tiers
),

selected as (
    select int_batch_products.*
    from int_batch_products
    cross join params
    where int_batch_products.is_selected
        and int_batch_products.bid_price_unit > 0
        and int_batch_products.exec_start <= params.as_of
        and (int_batch_products.cycle_end is null or int_batch_products.cycle_end >= params.as_of)
),

home_listings as (
    select listings.*
    from listings
    cross join params
    where params.province = listings.province or jc_province(params.province) = jc_province(listings.province)
),

pairs as (
    select
        home_listings.province,
        home_listings.product_code,
        home_listings.generic_name,
        home_listings.dosage_form,
        home_listings.spec,
        home_listings.pack,
        home_listings.enterprise,
        home_listings.valid_from,
        home_listings.listed_price,
        home_listings.listed_price_unit,
        selected.batch_id as reference_batch_id,
        selected.product_key as reference_product_key,
        selected.enterprise as reference_enterprise,
        selected.spec as reference_spec,
        selected.bid_price_unit as reference_price_unit,
        home_listings.content_amount > 0
        and selected.content_amount > 0
        and home_listings.content_unit = selected.content_unit as by_content,
        case
            when by_content
                then jc_div(
                        jc_mul(home_listings.listed_price_unit, cast(selected.content_amount as decimal(18, 6))),
                        jc_mul(selected.bid_price_unit, cast(home_listings.content_amount as decimal(18, 6)))
                    )
            else jc_div(home_listings.listed_price_unit, selected.bid_price_unit)
        end as price_multiple
    from home_listings
    inner join selected
        on home_listings.generic_name = selected.generic_name
        and jc_forms_match(home_listings.dosage_form, selected.dosage_form)
),

-- a select-list alias (by_content) is filtered one query later: Spark reads such aliases in the select list only
candidates as (
    select * from pairs where by_content or spec = reference_spec
),

referenced as (
    select *
    from candidates
    qualify row_number() over (
            partition by province, generic_name, dosage_form, spec, pack, enterprise, product_code
            order by price_multiple desc, reference_batch_id, reference_product_key
        ) = 1
),

tiered as (
    select
        referenced.*,
        tiers.tier,
        tiers.label as tier_label,
        tiers.severity,
        tiers.action,
        tiers.min_multiple as tier_min_multiple
    from referenced
    left join tiers
        on case
            when tiers.min_inclusive then referenced.price_multiple >= tiers.min_multiple
            else referenced.price_multiple > tiers.min_multiple
        end
    qualify row_number() over (
            partition by province, generic_name, dosage_form, spec, pack, enterprise, product_code
            order by tiers.tier_rank nulls last
        ) = 1
),

final as (
    select
        tiered.province,
        tiered.product_code,
        tiered.generic_name,
        tiered.dosage_form,
        tiered.spec,
        tiered.pack,
        tiered.enterprise,
        tiered.valid_from,
        tiered.listed_price,                                   -- P per pack
        tiered.listed_price_unit,                              -- P_unit
        tiered.reference_batch_id,
        tiered.reference_enterprise,
        tiered.reference_spec,
        tiered.reference_price_unit,                           -- P_win_unit of the reference product
        case when tiered.by_content then 'content' else 'unit' end as comparison_basis,
        tiered.price_multiple,                                 -- listing ÷ reference (same content)
        tiered.tier,
        tiered.tier_label,
        tiered.tier_min_multiple,
        tiered.severity,
        tiered.action,
        monitoring.price_risk_tiers as tier_scheme,
        monitoring.price_risk_source as tier_source
    from tiered
    cross join monitoring
)

select * from final

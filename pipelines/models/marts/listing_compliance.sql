-- 挂网价格核查: one row per listing (province × product). Prices are compared per minimum unit and the limit
-- is stated per pack, rounded half-up to the fen. The first rule that applies sets the limit:
--   1. VBP selected product in force: supply province → P ≤ P_win; non-supply province of a national batch →
--      P ≤ max(vbp_non_supply_multiplier × P_win, highest P_win of the same generic name, form and spec);
--      an alliance or provincial batch binds its listed supply provinces, or without a list the bureau's own
--      province only (rule 3 elsewhere)
--   2. negotiated drug in agreement → P ≤ payment standard (other strengths scaled by K_content)
--   3. otherwise P ≤ multiplier × national lowest (drug_multiplier for 药品, consumable_multiplier for 耗材);
--      national lowest = the file's 全国最低价 (per pack), else the lowest unit price of the same 四同 key
--      (generic name + form + spec + enterprise) in the other provinces loaded; none → no_reference
-- Which selected product or negotiated drug a listing is comes from int_product_matches (the first candidate in
-- force on as_of). The 差比价 comparable limit (int_listing_cross_spec) is reported beside it as its own flag.
with

listings as (
    select * from stg_listing_prices
),

matches as (
    select * from int_product_matches where source = 'listing'
),

cross_spec as (
    select * from int_listing_cross_spec
),

params as (
    select * from policy_params
),

listing_keys as (
    select distinct province, generic_name, dosage_form, spec, enterprise from listings
),

-- each product's two cheapest provinces: the lowest price elsewhere is the cheapest one that is not the
-- listing's own province (joining every listing to every other province's listings cost 80% of this mart)
province_lowest as (
    select generic_name, dosage_form, spec, enterprise, province, min(listed_price_unit) as lowest_unit
    from listings
    where listed_price_unit is not null
    group by all
),

cheapest_provinces as (
    select
        *,
        row_number() over (partition by generic_name, dosage_form, spec, enterprise order by lowest_unit, province)
            as price_rank
    from province_lowest
    qualify price_rank <= 2
),

other_provinces_lowest as (
    select
        listing_keys.province,
        listing_keys.generic_name,
        listing_keys.dosage_form,
        listing_keys.spec,
        listing_keys.enterprise,
        arg_min(cheapest.lowest_unit, cheapest.price_rank) as lowest_unit,
        arg_min(cheapest.province, cheapest.price_rank) as lowest_province
    from listing_keys
    inner join cheapest_provinces as cheapest
        on cheapest.generic_name = listing_keys.generic_name
        and cheapest.dosage_form is not distinct from listing_keys.dosage_form
        and cheapest.spec is not distinct from listing_keys.spec
        and cheapest.enterprise is not distinct from listing_keys.enterprise
        and cheapest.province <> listing_keys.province
    group by all
),

-- the selected product in force on as_of and the negotiated-drug entry in agreement on as_of, if any
listing_matches as (
    select
        matches.load_id,
        matches.product_text_hash,
        list_filter(
            matches.vbp_products,
            p -> p.exec_start <= params.as_of and (p.cycle_end is null or p.cycle_end >= params.as_of)
        )[1] as vbp,
        list_filter(
            matches.nrdl_entries,
            e -> (e.agreement_start is null or e.agreement_start <= params.as_of)
            and (e.agreement_end is null or params.as_of <= e.agreement_end)
        )[1] as nrdl
    from matches
    cross join params
),

joined as (
    select
        listings.*,
        params.province = listings.province
        or jc_province(params.province) = jc_province(listings.province) as is_home_province,
        params.drug_multiplier,
        params.consumable_multiplier,
        params.vbp_non_supply_multiplier,
        listing_matches.vbp.batch_id as vbp_batch_id,
        listing_matches.vbp.batch_level as vbp_batch_level,
        listing_matches.vbp.bid_price_unit as vbp_win_unit,
        listing_matches.vbp.highest_win_unit as vbp_highest_win_unit,
        -- no supply list: a national batch supplies every province; an alliance or provincial batch is only
        -- known to bind the bureau's own province (decided in ruled, where is_home_province is known)
        coalesce(
            jc_in_province_list(listings.province, listing_matches.vbp.supply_provinces),
            case when listing_matches.vbp.batch_level = '国家' then true end
        ) as is_supply_province,
        listing_matches.nrdl.payment_standard_unit,
        listing_matches.nrdl.standard_limit_unit,
        other_provinces_lowest.lowest_unit as other_provinces_lowest_unit,
        other_provinces_lowest.lowest_province as other_provinces_lowest_province
    from listings
    cross join params
    left join listing_matches using (load_id, product_text_hash)
    left join other_provinces_lowest
        on listings.province = other_provinces_lowest.province
        and listings.generic_name = other_provinces_lowest.generic_name
        and listings.dosage_form is not distinct from other_provinces_lowest.dosage_form
        and listings.spec is not distinct from other_provinces_lowest.spec
        and listings.enterprise is not distinct from other_provinces_lowest.enterprise
),

ruled as (
    select
        *,
        case
            -- an alliance or provincial batch binds its member provinces only; elsewhere its winners are
            -- ordinary listings (rule 3); a national batch binds every province, at 1.5x where it does not supply
            when vbp_batch_id is not null and coalesce(is_supply_province, is_home_province) then 'vbp_supply'
            when vbp_batch_id is not null and vbp_batch_level = '国家' then 'vbp_non_supply'
            when payment_standard_unit is not null then 'nrdl_payment_standard'
            when national_lowest is not null or other_provinces_lowest_unit is not null then
                case when category = '耗材' then 'national_lowest_consumable' else 'national_lowest_drug' end
        end as rule,
        -- the national lowest price per pack of this listing, for reference under every rule
        coalesce(national_lowest, jc_mul(other_provinces_lowest_unit, conversion_ratio)) as national_lowest_pack
    from joined
),

references_set as (
    select
        *,
        case
            when rule in ('vbp_supply', 'vbp_non_supply') then 'vbp_winning_price'
            when rule = 'nrdl_payment_standard' then 'nrdl_payment_standard'
            when rule like 'national_lowest%' and national_lowest is not null then 'national_lowest_file'
            when rule like 'national_lowest%' then 'other_provinces_lowest'
        end as reference_kind,
        case
            when rule in ('vbp_supply', 'vbp_non_supply') then jc_mul(vbp_win_unit, conversion_ratio)
            when rule = 'nrdl_payment_standard' then jc_mul(standard_limit_unit, conversion_ratio)
            when rule like 'national_lowest%' then national_lowest_pack
        end as reference_price,
        case
            when rule = 'vbp_supply' then cast(1 as decimal(9, 4))
            when rule = 'vbp_non_supply' then vbp_non_supply_multiplier
            when rule = 'nrdl_payment_standard' then cast(1 as decimal(9, 4))
            when rule = 'national_lowest_consumable' then consumable_multiplier
            when rule = 'national_lowest_drug' then drug_multiplier
        end as multiplier
    from ruled
),

limited as (
    select
        *,
        round(case
            when rule = 'vbp_non_supply'
                then greatest(
                        jc_mul(reference_price, multiplier),
                        jc_mul(vbp_highest_win_unit, conversion_ratio)
                    )
            else jc_mul(reference_price, multiplier)
        end, 2) as limit_price
    from references_set
),

final as (
    select
        -- listing
        limited.province,
        limited.is_home_province,                                    -- province = policy province
        limited.product_code,
        limited.generic_name,
        limited.dosage_form,
        limited.spec,
        limited.pack,
        limited.enterprise,
        limited.category,
        limited.conversion_ratio,                                    -- minimum units per pack
        limited.status as listing_status,
        limited.listed_date,
        limited.listed_price,                                        -- P per pack
        limited.listed_price_unit,                                   -- P_unit = P_pack / conversion_ratio
        -- rule and reference
        limited.rule,
        limited.reference_kind,
        limited.reference_price,                                     -- per pack of this listing
        jc_div(limited.reference_price, limited.conversion_ratio) as reference_price_unit,
        case when limited.reference_kind = 'other_provinces_lowest' then limited.other_provinces_lowest_province end
            as reference_province,
        limited.multiplier,
        limited.limit_price,                                         -- round(multiplier × reference, 2), per pack
        jc_div(limited.listed_price, limited.reference_price) as price_ratio,    -- P / reference
        cast(greatest(limited.listed_price - limited.limit_price, 0) as decimal(18, 2)) as over_amount,  -- P − limit
        case
            when limited.limit_price is null then 'no_reference'
            when limited.listed_price > limited.limit_price then 'over_limit'
            else 'compliant'
        end as compliance_status,
        -- VBP detail
        limited.vbp_batch_id,
        limited.vbp_win_unit as vbp_win_price_unit,
        limited.vbp_highest_win_unit as vbp_highest_win_price_unit,
        coalesce(limited.is_supply_province, limited.is_home_province) as is_supply_province,
        -- national lowest, whichever rule applied
        limited.national_lowest_pack as national_lowest,
        jc_div(limited.listed_price, limited.national_lowest_pack) as national_lowest_ratio,
        -- 差比价
        cross_spec.cross_spec_representative,
        cross_spec.cross_spec_k,                                     -- K_content × K_pack × K_fill
        cross_spec.cross_spec_limit,                                 -- round(P_rep × K, 2), per pack
        case
            when cross_spec.cross_spec_limit is null then null
            when cross_spec.is_representative then 'representative'
            when limited.listed_price > cross_spec.cross_spec_limit then 'over_limit'
            else 'compliant'
        end as cross_spec_status
    from limited
    left join cross_spec
        on limited.province = cross_spec.province
        and limited.generic_name = cross_spec.generic_name
        and limited.dosage_form is not distinct from cross_spec.dosage_form
        and limited.spec is not distinct from cross_spec.spec
        and limited.pack is not distinct from cross_spec.pack
        and limited.enterprise is not distinct from cross_spec.enterprise
        and limited.product_code is not distinct from cross_spec.product_code
)

select * from final

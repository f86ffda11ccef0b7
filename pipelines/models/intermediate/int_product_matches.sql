-- Product matching, the one place it is done: every product text of the order lines and of the listings, with
-- what it may be, each list in the one order of preference every consumer uses. A consumer keeps the candidates in
-- force on its day (a listing: as_of; an order line: its period) and takes the first.
--   vbp_products: the selected products of a batch it is: the same product code (match_rank 1), else the same
--       generic name, dosage form (a blank form matches any), spec and enterprise (2); then the latest execution
--       date, then the product key
--   nrdl_entries: the negotiated-drug entries it is: the same drug code (1), else the same generic name and
--       dosage form (2); then the entry for its own strength, the latest catalogue year, then drug code, drug
--       name, dosage form and standard unit (the entry's key: a total order)
-- An order text takes the names, spec and enterprise it lacks from the product catalogue, and its conversion
-- ratio from its file when that is a plausible count, else from the catalogue, else from its pack text
-- (conversion_note says why one is missing or contradicted); a listing is matched as listed. standard_limit_unit
-- is the payment standard per minimum unit of the product's own strength: standard per unit × K_content(strength
-- ÷ standard strength), K = content_k^log2(x); NULL when K is (a strength ratio beyond 1000×) or it overflows.
-- Incremental: texts are read only for the loads the runner lists in pending_loads.
with

params as (
    select * from policy_params
),

catalogue as (
    select product_code, generic_name, dosage_form, spec, enterprise, conversion_ratio from int_product_catalogue
),

selected_products as (
    select
        *,
        max(bid_price_unit) over (partition by batch_id, generic_name, dosage_form, spec) as highest_win_unit
    from int_batch_products
    where is_selected
),

nrdl as (
    select * from stg_nrdl
),

order_texts as (
    select distinct
        load_id, product_text_hash, product_code, generic_name, dosage_form, spec, pack, enterprise, conversion_ratio
    from stg_orders
    where load_id in (select load_id from pending_loads)
),

listing_texts as (
    select distinct
        load_id, product_text_hash, product_code, generic_name, dosage_form, spec, pack, enterprise, conversion_ratio
    from stg_listing_price_versions
    where load_id in (select load_id from pending_loads)
),

products as (
    select
        'order' as source,
        order_texts.load_id,
        order_texts.product_text_hash,
        order_texts.product_code,
        coalesce(order_texts.generic_name, catalogue.generic_name) as generic_name,
        coalesce(order_texts.dosage_form, catalogue.dosage_form) as dosage_form,
        coalesce(order_texts.spec, catalogue.spec) as spec,
        coalesce(order_texts.enterprise, catalogue.enterprise) as enterprise,
        order_texts.pack,
        -- the order file's own ratio when plausible, else the catalogue's for the code, else the pack text's
        coalesce(
            case when jc_is_count(order_texts.conversion_ratio) then order_texts.conversion_ratio end,
            catalogue.conversion_ratio,
            jc_pack_count(order_texts.pack)
        ) as conversion_ratio,
        -- why the ratio is missing, or the file's contradicts its pack text (data_quality_notes)
        case
            when jc_is_count(order_texts.conversion_ratio) or catalogue.conversion_ratio is null
                then jc_conversion(order_texts.conversion_ratio, order_texts.pack).note
        end as conversion_note
    from order_texts
    left join catalogue using (product_code)
    union all
    select
        'listing' as source,
        load_id,
        product_text_hash,
        product_code,
        generic_name,
        dosage_form,
        spec,
        enterprise,
        pack,
        conversion_ratio,                                        -- already checked by stg_listing_prices
        null as conversion_note
    from listing_texts
),

-- two texts of one load with the same hash would share their matches, so the refresh fails instead (odds about
-- 1 in 10^11)
profiles as (
    select
        *,
        jc_content(spec) as content_amount,
        jc_content_unit(spec) as content_unit
    from products
    where (select count(*) = count(distinct(load_id, product_text_hash)) from products)
        or error('内部错误：两个不同的产品文本哈希值相同，无法匹配产品')
),

vbp_candidates as (
    select profiles.load_id, profiles.product_text_hash, 1 as match_rank, selected_products.*
    from profiles
    inner join selected_products on profiles.product_code = selected_products.product_code
    union all
    select profiles.load_id, profiles.product_text_hash, 2 as match_rank, selected_products.*
    from profiles
    inner join selected_products
        on profiles.generic_name = selected_products.generic_name
        and jc_forms_match(profiles.dosage_form, selected_products.dosage_form)
        and profiles.spec is not distinct from selected_products.spec
        and profiles.enterprise = selected_products.enterprise
),

vbp_ranked as (
    select
        *,
        row_number() over (
            partition by load_id, product_text_hash
            order by match_rank, exec_start desc nulls last, product_key
        ) as preference
    from vbp_candidates
),

vbp_lists as (
    select
        load_id,
        product_text_hash,
        list({
            'preference': preference,
            'match_rank': match_rank,
            'batch_id': batch_id,
            'batch_level': batch_level,
            'exec_start': exec_start,
            'cycle_end': cycle_end,
            'product_key': product_key,
            'supply_provinces': supply_provinces,
            'bid_price_unit': bid_price_unit,
            'highest_win_unit': highest_win_unit,
            'base_price_unit': base_price_unit
        } order by preference) as vbp_products
    from vbp_ranked
    group by load_id, product_text_hash
),

nrdl_candidates as (
    select
        profiles.load_id, profiles.product_text_hash, profiles.content_amount as product_content_amount,
        profiles.content_unit as product_content_unit, 1 as match_rank, nrdl.*
    from profiles
    inner join nrdl on profiles.product_code = nrdl.drug_code
    union all
    select
        profiles.load_id, profiles.product_text_hash, profiles.content_amount, profiles.content_unit,
        2 as match_rank, nrdl.*
    from profiles
    inner join nrdl
        on profiles.generic_name = nrdl.drug_name
        and jc_forms_match(profiles.dosage_form, nrdl.dosage_form)
),

nrdl_ranked as (
    select
        nrdl_candidates.*,
        row_number() over (
            partition by load_id, product_text_hash
            order by
                match_rank, (product_content_amount = content_amount) desc nulls last, nrdl_year desc nulls last,
                drug_code nulls last, drug_name, dosage_form nulls last, standard_unit nulls last
        ) as preference,
        try_cast(payment_standard_unit * jc_difference_k(
            params.content_k,
            case
                when product_content_amount > 0 and content_amount > 0 and product_content_unit = content_unit
                    then product_content_amount / content_amount
            end
        ) as decimal(18, 6)) as standard_limit_unit
    from nrdl_candidates
    cross join params
),

nrdl_lists as (
    select
        load_id,
        product_text_hash,
        list({
            'preference': preference,
            'match_rank': match_rank,
            'nrdl_year': nrdl_year,
            'drug_code': drug_code,
            'drug_name': drug_name,
            'dosage_form': dosage_form,
            'standard_unit': standard_unit,
            'agreement_start': agreement_start,
            'agreement_end': agreement_end,
            'payment_standard_unit': payment_standard_unit,
            'standard_limit_unit': standard_limit_unit
        } order by preference) as nrdl_entries
    from nrdl_ranked
    group by load_id, product_text_hash
),

final as (
    select
        profiles.source,                                         -- order | listing
        profiles.load_id,
        profiles.product_text_hash,                              -- stg_orders / stg_listing_price_versions
        profiles.product_code,
        profiles.generic_name,
        profiles.dosage_form,
        profiles.spec,
        profiles.enterprise,
        profiles.pack,
        profiles.conversion_ratio,
        profiles.conversion_note,                                -- why an order text's ratio is missing or flagged
        profiles.content_amount,
        profiles.content_unit,
        vbp_lists.vbp_products,                                  -- NULL when none matches
        nrdl_lists.nrdl_entries                                  -- NULL when none matches
    from profiles
    left join vbp_lists using (load_id, product_text_hash)
    left join nrdl_lists using (load_id, product_text_hash)
)

select * from final

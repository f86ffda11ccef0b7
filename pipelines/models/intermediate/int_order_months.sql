-- materialized: incremental
-- Order lines classified and summed: one row per load × hospital × period × product × classification, the
-- compact grain the order marts read instead of the lines.
-- A period is a calendar month, split at every day on which a rule can change: a batch variety's execution
-- date and the day after its cycle end, each cycle-year anniversary, one year before the execution date (the
-- local historical price window) and a negotiated drug's agreement start and the day after its end. Within a
-- period every day-level rule gives the same answer, so lines are first summed per period and then classified
-- once per product text × period — the batch variety in force (a later batch of the same variety takes over
-- from its execution date), the selected product (by code, else generic name + form + spec + enterprise), the
-- cycle year, the negotiated-drug entry in agreement and whether the unit price is above its payment standard.
-- Per-line values (qty_min = qty × conversion ratio, qty_main, base amount, excess over the standard) are
-- exact 6-place products of the line's own quantity and price: lines are summed per distinct quantity and
-- price, and each product is multiplied by its line count.
-- Incremental: lines are read only for the loads the runner lists in jc_pending_loads, and up to
-- policy_params.order_cutoff (never as_of itself, which moves with every load).
with

params as (
    select * from policy_params
),

-- lines up to the cutoff, each with a hash of its product text, so the per-line steps group and join one
-- integer instead of seven texts (the texts themselves are grouped once, in product_texts); read twice, not
-- materialized
orders as not materialized (
    select
        *,
        hash(product_code, generic_name, dosage_form, spec, pack, enterprise, conversion_ratio) as text_hash
    from stg_orders
    where load_id in (select load_id from jc_pending_loads)
        and order_date <= coalesce((select order_cutoff from params), order_date)
),

catalogue as (
    select product_code, generic_name, dosage_form, spec, enterprise, conversion_ratio from int_product_catalogue
),

varieties as (
    select * from int_batch_varieties where exec_start is not null
),

bid_products as (
    select * from int_batch_products where exec_start is not null
),

selected_products as (
    select * from int_batch_products where is_selected
),

nrdl as (
    select * from stg_nrdl
),

-- the days on which a rule can change
boundaries as (
    select exec_start as boundary from varieties
    union
    select cast(cycle_end + 1 as date) from varieties where cycle_end is not null
    union
    select cast(exec_start - interval 1 year as date) from bid_products
    union
    select exec_start from bid_products
    union
    select agreement_start from nrdl where agreement_start is not null
    union
    select cast(agreement_end + 1 as date) from nrdl where agreement_end is not null
),

-- cycle-year anniversaries up to the last order date (year_index changes on exactly these days)
anniversaries as (
    select cast(varieties.exec_start + to_years(cast(k as integer)) as date) as boundary
    from varieties
    cross join (select max(order_date) as last_day from raw_orders) as span
    cross join range(1, greatest(coalesce(date_sub('year', varieties.exec_start, span.last_day), 0), 0) + 2) as years(k)
),

-- every day from the first order date to the last
days as (
    select cast(day as date) as day
    from (select min(order_date) as first_day, max(order_date) as last_day from raw_orders) as span
    cross join range(span.first_day, span.last_day + 1, interval 1 day) as days(day)
),

periods as (
    select
        days.day,
        coalesce(max(all_boundaries.boundary), cast(date_trunc('month', days.day) as date)) as period_start
    from days
    left join (select boundary from boundaries union select boundary from anniversaries) as all_boundaries
        on all_boundaries.boundary <= days.day
        and all_boundaries.boundary >= cast(date_trunc('month', days.day) as date)
    group by days.day
),

-- lines summed per period, product text and distinct quantity and price
line_groups as (
    select
        orders.load_id,
        orders.hospital_code,
        periods.period_start,
        orders.text_hash,
        orders.qty,
        orders.is_pack_unit,
        orders.unit_price,
        count(*) as lines,
        sum(orders.amount) as amount
    from orders
    inner join periods on orders.order_date = periods.day
    group by all
),

product_texts as (
    select distinct text_hash, product_code, generic_name, dosage_form, spec, pack, enterprise, conversion_ratio
    from orders
),

-- each distinct product text once: names and conversion ratio filled from the catalogue, strength parsed. Two
-- texts with the same hash would merge their lines, so the refresh fails instead (odds about 1 in 10^11)
profiles as (
    select
        row_number() over () as profile_id,
        product_texts.text_hash,
        product_texts.product_code,
        coalesce(product_texts.generic_name, catalogue.generic_name) as generic_name,
        coalesce(product_texts.dosage_form, catalogue.dosage_form) as dosage_form,
        coalesce(product_texts.spec, catalogue.spec) as spec,
        coalesce(product_texts.enterprise, catalogue.enterprise) as enterprise,
        product_texts.pack,
        -- the order file's own ratio when plausible, else the catalogue's for the code, else the pack text's
        coalesce(
            case when jm_is_count(product_texts.conversion_ratio) then product_texts.conversion_ratio end,
            catalogue.conversion_ratio,
            jm_pack_count(product_texts.pack)
        ) as conversion_ratio,
        -- why the ratio is missing, or the file's contradicts its pack text (data_quality_notes)
        case
            when jm_is_count(product_texts.conversion_ratio) or catalogue.conversion_ratio is null
                then jm_conversion(product_texts.conversion_ratio, product_texts.pack).note
        end as conversion_note,
        jm_content(coalesce(product_texts.spec, catalogue.spec)) as content_amount,
        jm_content_unit(coalesce(product_texts.spec, catalogue.spec)) as content_unit
    from product_texts
    left join catalogue using (product_code)
    where (select count(*) = count(distinct text_hash) from product_texts)
        or error('内部错误：两个不同的产品文本哈希值相同，无法分类订单明细')
),

groups as (
    select
        line_groups.load_id,
        line_groups.hospital_code,
        line_groups.period_start,
        line_groups.qty,
        line_groups.is_pack_unit,
        line_groups.unit_price,
        line_groups.lines,
        line_groups.amount,
        profiles.profile_id,
        profiles.conversion_ratio
    from line_groups
    inner join profiles using (text_hash)
),

-- VBP: each profile's (generic name, form) × the batch varieties it belongs to; an order without a form matches
-- the variety of its generic name; a later batch of the same variety takes over from its execution date
variety_candidates as (
    select
        order_varieties.generic_name as order_generic_name,
        order_varieties.dosage_form as order_dosage_form,
        varieties.batch_id,
        varieties.generic_name as variety_generic_name,
        varieties.dosage_form as variety_dosage_form,
        varieties.exec_start,
        varieties.cycle_end,
        varieties.main_content_amount,
        varieties.main_content_unit
    from (select distinct generic_name, dosage_form from profiles where generic_name is not null) as order_varieties
    inner join varieties
        on order_varieties.generic_name = varieties.generic_name
        and jm_forms_match(order_varieties.dosage_form, varieties.dosage_form)
),

variety_windows as (
    select
        *,
        least(
            coalesce(cycle_end, date '9999-12-31'),
            coalesce(
                lead(exec_start) over (partition by order_generic_name, order_dosage_form order by exec_start) - 1,
                date '9999-12-31'
            )
        ) as window_end
    from variety_candidates
),

selected_by_code as (
    select batch_id, product_code, product_key, base_price_unit
    from selected_products
    where product_code is not null
    qualify row_number() over (partition by batch_id, product_code order by product_key) = 1
),

selected_by_name as (
    select batch_id, generic_name, dosage_form, spec, enterprise, product_key, base_price_unit
    from selected_products
    qualify row_number() over (partition by batch_id, generic_name, dosage_form, spec, enterprise order by product_key) = 1
),

-- each profile × batch window: the selected product it is (if any) and the factor to the variety's main spec
profile_batches as (
    select
        row_number() over () as profile_batch_id,
        profiles.profile_id,
        variety_windows.batch_id,
        variety_windows.variety_generic_name,
        variety_windows.variety_dosage_form,
        variety_windows.exec_start,
        variety_windows.window_end,
        coalesce(selected_by_code.product_key, selected_by_name.product_key) as selected_product_key,
        coalesce(selected_by_code.base_price_unit, selected_by_name.base_price_unit) as base_price_unit,
        jm_strength_factor(profiles.content_amount, profiles.content_unit,
            variety_windows.main_content_amount, variety_windows.main_content_unit) as strength_factor
    from profiles
    inner join variety_windows
        on profiles.generic_name = variety_windows.order_generic_name
        and profiles.dosage_form is not distinct from variety_windows.order_dosage_form
    left join selected_by_code
        on variety_windows.batch_id = selected_by_code.batch_id
        and profiles.product_code = selected_by_code.product_code
    left join selected_by_name
        on variety_windows.batch_id = selected_by_name.batch_id
        and profiles.generic_name = selected_by_name.generic_name
        and variety_windows.variety_dosage_form is not distinct from selected_by_name.dosage_form
        and profiles.spec is not distinct from selected_by_name.spec
        and profiles.enterprise = selected_by_name.enterprise
),

-- negotiated drugs: each profile × catalogue entry it may be, by code, else by name + form, with the payment
-- standard for the profile's strength: standard per unit × K_content(strength ratio)
profile_nrdl as (
    select
        row_number() over () as profile_nrdl_id,
        candidates.*,
        try_cast(candidates.payment_standard_unit * jm_difference_k(
            params.content_k,
            case
                when candidates.content_amount > 0 and candidates.standard_content_amount > 0
                    and candidates.content_unit = candidates.standard_content_unit
                    then candidates.content_amount / candidates.standard_content_amount
            end
        ) as decimal(18, 6)) as standard_limit_unit
    from (
        select profiles.profile_id, profiles.content_amount, profiles.content_unit, nrdl.drug_code, nrdl.nrdl_year,
            nrdl.drug_name, nrdl.standard_unit, nrdl.payment_standard_unit,
            nrdl.content_amount as standard_content_amount, nrdl.content_unit as standard_content_unit,
            nrdl.agreement_start, nrdl.agreement_end, 1 as match_rank
        from profiles
        inner join nrdl on profiles.product_code = nrdl.drug_code
        union all
        select profiles.profile_id, profiles.content_amount, profiles.content_unit, nrdl.drug_code, nrdl.nrdl_year,
            nrdl.drug_name, nrdl.standard_unit, nrdl.payment_standard_unit,
            nrdl.content_amount, nrdl.content_unit, nrdl.agreement_start, nrdl.agreement_end, 2 as match_rank
        from profiles
        inner join nrdl
            on profiles.generic_name = nrdl.drug_name
            and jm_forms_match(profiles.dosage_form, nrdl.dosage_form)
    ) as candidates
    cross join params
),

-- the entry in agreement in each period: by code first, then the same strength, then the latest year; a tie
-- goes to the lower drug code, then standard unit, so every line of a product text and period gets the same one
nrdl_periods as (
    select profile_periods.profile_id, profile_periods.period_start, profile_nrdl.profile_nrdl_id,
        profile_nrdl.standard_limit_unit
    from (select distinct profile_id, period_start from groups) as profile_periods
    inner join profile_nrdl
        on profile_periods.profile_id = profile_nrdl.profile_id
        and (profile_nrdl.agreement_start is null or profile_periods.period_start >= profile_nrdl.agreement_start)
        and (profile_nrdl.agreement_end is null or profile_periods.period_start <= profile_nrdl.agreement_end)
    qualify row_number() over (
        partition by profile_periods.profile_id, profile_periods.period_start
        order by profile_nrdl.match_rank, (profile_nrdl.content_amount = profile_nrdl.standard_content_amount) desc nulls last,
            profile_nrdl.nrdl_year desc, profile_nrdl.drug_code, profile_nrdl.standard_unit
    ) = 1
),

classified as (
    select
        groups.*,
        profile_batches.profile_batch_id,
        profile_batches.strength_factor,
        profile_batches.base_price_unit,
        case when profile_batches.profile_batch_id is not null
            then cast(1 + date_sub('year', profile_batches.exec_start, groups.period_start) as integer)
        end as year_index,
        nrdl_periods.profile_nrdl_id,
        nrdl_periods.standard_limit_unit
    from groups
    left join profile_batches
        on groups.profile_id = profile_batches.profile_id
        and groups.period_start between profile_batches.exec_start and profile_batches.window_end
    left join nrdl_periods
        on groups.profile_id = nrdl_periods.profile_id
        and groups.period_start = nrdl_periods.period_start
),

-- one line's values: exact products at 6 places, computed once per distinct set of inputs (they are costly)
line_values as (
    select
        qty,
        is_pack_unit,
        conversion_ratio,
        unit_price,
        strength_factor,
        base_price_unit,
        standard_limit_unit,
        qty_min,
        jm_mul(qty_min, strength_factor) as qty_main,
        jm_mul(qty_min, base_price_unit) as base_amount,
        unit_price_min > standard_limit_unit + 0.000001 as is_above_standard,
        jm_mul(qty_min, unit_price_min - standard_limit_unit) as excess_amount
    from (
        select
            *,
            case when is_pack_unit then jm_mul(qty, conversion_ratio) else qty end as qty_min,
            case when is_pack_unit then jm_div(unit_price, conversion_ratio) else unit_price end as unit_price_min
        from (
            select distinct qty, is_pack_unit, conversion_ratio, unit_price, strength_factor, base_price_unit,
                standard_limit_unit
            from classified
        )
    )
),

measured as (
    select
        classified.load_id,
        classified.hospital_code,
        classified.period_start,
        classified.profile_id,
        classified.profile_batch_id,
        classified.year_index,
        classified.profile_nrdl_id,
        coalesce(line_values.qty_min > 0, false) as is_positive_qty,
        classified.lines,
        classified.amount,
        line_values.qty_min * classified.lines as qty_min,
        line_values.qty_main * classified.lines as qty_main,
        line_values.base_amount * classified.lines as base_amount,
        line_values.is_above_standard,
        line_values.excess_amount * classified.lines as excess_amount
    from classified
    inner join line_values
        on classified.qty is not distinct from line_values.qty
        and classified.is_pack_unit is not distinct from line_values.is_pack_unit
        and classified.conversion_ratio is not distinct from line_values.conversion_ratio
        and classified.unit_price is not distinct from line_values.unit_price
        and classified.strength_factor is not distinct from line_values.strength_factor
        and classified.base_price_unit is not distinct from line_values.base_price_unit
        and classified.standard_limit_unit is not distinct from line_values.standard_limit_unit
),

summed as (
    select
        load_id,
        hospital_code,
        period_start,
        profile_id,
        profile_batch_id,
        year_index,
        profile_nrdl_id,
        is_positive_qty,
        sum(lines) as lines,
        sum(lines) filter (where qty_min is null) as lines_without_qty,
        sum(qty_min) as qty_min,
        sum(qty_main) as qty_main,
        sum(amount) as amount,
        sum(base_amount) as base_amount,
        sum(lines) filter (where is_above_standard) as lines_above_standard,
        sum(excess_amount) filter (where is_above_standard) as amount_above_standard
    from measured
    group by all
),

final as (
    select
        summed.load_id,
        summed.hospital_code,
        cast(date_trunc('month', summed.period_start) as date) as month,
        summed.period_start,
        -- product (names filled from the catalogue)
        profiles.product_code,
        profiles.generic_name,
        profiles.dosage_form,
        profiles.spec,
        profiles.enterprise,
        profiles.pack,
        profiles.conversion_note,                                      -- why conversion_ratio is missing or flagged
        -- VBP: the batch variety in force, the selected product, the cycle year
        profile_batches.batch_id,
        profile_batches.variety_generic_name,
        profile_batches.variety_dosage_form,
        profile_batches.selected_product_key,
        summed.year_index,
        -- negotiated drug in agreement
        profile_nrdl.nrdl_year,
        profile_nrdl.drug_name as nrdl_drug_name,
        profile_nrdl.standard_unit as nrdl_standard_unit,
        summed.is_positive_qty,                                        -- qty_min > 0
        -- sums over the lines
        summed.lines::bigint as lines,
        coalesce(summed.lines_without_qty, 0)::bigint as lines_without_qty,   -- no conversion ratio for a pack unit
        summed.qty_min,
        summed.qty_main,                                               -- in the variety's main spec
        summed.amount,
        summed.base_amount,                                            -- Σ qty_min × base price (selected products)
        coalesce(summed.lines_above_standard, 0)::bigint as lines_above_standard,
        summed.amount_above_standard                                   -- Σ qty_min × (price − standard) above it
    from summed
    inner join profiles using (profile_id)
    left join profile_batches using (profile_batch_id)
    left join profile_nrdl using (profile_nrdl_id)
)

select * from final

-- Order lines classified and summed: one row per load × hospital × period × product × classification, the
-- compact grain the order marts read instead of the lines.
-- A period is a calendar month, split at every day on which a rule can change: a batch variety's execution
-- date and the day after its cycle end, each cycle-year anniversary, one year before the execution date (the
-- local historical price window) and a negotiated drug's agreement start and the day after its end. Within a
-- period every day-level rule gives the same answer, so lines are first summed per period and then classified
-- once per product text × period — the batch variety in force (a later batch of the same variety takes over
-- from its execution date), the selected product of that batch, the cycle year, the negotiated-drug entry in
-- agreement and whether the unit price is above its payment standard. Which selected products and entries a text
-- may be, in order of preference, comes from int_product_matches (the one product-matching model).
-- Per-line values (qty_min = qty × conversion ratio, qty_main, base amount, excess over the standard) are
-- exact 6-place products of the line's own quantity and price: lines are summed per distinct quantity and
-- price, and each product is multiplied by its line count.
-- Incremental: lines are read only for the loads the runner lists in pending_loads, and up to
-- policy_params.order_cutoff (never as_of itself, which moves with every load).
with

params as (
    select * from policy_params
),

-- lines up to the cutoff; the per-line steps group and join the hash of the product text (stg_orders), one
-- integer instead of seven texts
orders as (
    select *
    from stg_orders
    where load_id in (select load_id from pending_loads)
        and order_date <= coalesce((select order_cutoff from params), order_date)
),

-- the product texts of these loads, with their names filled in and their candidate matches
matches as (
    select * from int_product_matches
    where source = 'order' and load_id in (select load_id from pending_loads)
),

varieties as (
    select * from int_batch_varieties where exec_start is not null
),

bid_products as (
    select * from int_batch_products where exec_start is not null
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
    cross join
        range(1, greatest(coalesce(jc_full_years(varieties.exec_start, span.last_day), 0), 0) + 2) as years (k)
),

-- every day from the first order date to the last
days as (
    select cast(day as date) as day
    from (select min(order_date) as first_day, max(order_date) as last_day from raw_orders) as span
    cross join range(span.first_day, span.last_day + 1, interval 1 day) as days (day)
),

periods as (
    select
        days.day,
        coalesce(max(all_boundaries.boundary), cast(date_trunc('month', days.day) as date)) as period_start
    from days
    left join (
        select boundary from boundaries
        union
        select boundary from anniversaries
    ) as all_boundaries
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
        orders.product_text_hash,
        orders.qty,
        orders.is_pack_unit,
        orders.unit_price,
        count(*) as lines,
        sum(orders.amount) as amount
    from orders
    inner join periods on orders.order_date = periods.day
    group by all
),

-- each product text of a load once (profile_id numbers them for the joins below, in a total order so every
-- engine numbers them alike)
profiles as (
    select
        row_number() over (order by load_id, product_text_hash) as profile_id,
        *
    from matches
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
    inner join profiles using (load_id, product_text_hash)
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
        and jc_forms_match(order_varieties.dosage_form, varieties.dosage_form)
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

-- each profile × batch window: the selected product of that batch it is (the first candidate of the batch, if
-- any) and the factor to the variety's main spec
profile_batches as (
    select
        *,
        selected.product_key as selected_product_key,
        selected.base_price_unit
    from (
        select
            row_number() over (
                order by
                    profiles.profile_id, variety_windows.batch_id, variety_windows.variety_generic_name,
                    variety_windows.variety_dosage_form, variety_windows.exec_start
            ) as profile_batch_id,
            profiles.profile_id,
            variety_windows.batch_id,
            variety_windows.variety_generic_name,
            variety_windows.variety_dosage_form,
            variety_windows.exec_start,
            variety_windows.window_end,
            list_filter(profiles.vbp_products, p -> p.batch_id = variety_windows.batch_id)[1] as selected,
            jc_strength_factor(
                profiles.content_amount, profiles.content_unit,
                variety_windows.main_content_amount, variety_windows.main_content_unit
            ) as strength_factor
        from profiles
        inner join variety_windows
            on profiles.generic_name = variety_windows.order_generic_name
            and profiles.dosage_form is not distinct from variety_windows.order_dosage_form
    )
),

-- the negotiated-drug entry in agreement in each period: the first candidate in agreement on the period's first
-- day (a period lies wholly inside or outside every agreement); its preference is its place in the list
nrdl_periods as (
    select
        profile_periods.profile_id,
        profile_periods.period_start,
        list_filter(
            profiles.nrdl_entries,
            e -> (e.agreement_start is null or profile_periods.period_start >= e.agreement_start)
            and (e.agreement_end is null or profile_periods.period_start <= e.agreement_end)
        )[1] as entry
    from (select distinct profile_id, period_start from groups) as profile_periods
    inner join profiles using (profile_id)
),

classified as (
    select
        groups.*,
        profile_batches.profile_batch_id,
        profile_batches.strength_factor,
        profile_batches.base_price_unit,
        case when profile_batches.profile_batch_id is not null
                then cast(1 + jc_full_years(profile_batches.exec_start, groups.period_start) as integer)
        end as year_index,
        nrdl_periods.entry.preference as nrdl_preference,
        nrdl_periods.entry.standard_limit_unit
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
        jc_mul(qty_min, strength_factor) as qty_main,
        jc_mul(qty_min, base_price_unit) as base_amount,
        unit_price_min > standard_limit_unit + 0.000001 as is_above_standard,
        jc_mul(qty_min, unit_price_min - standard_limit_unit) as excess_amount
    from (
        select
            *,
            case when is_pack_unit then jc_mul(qty, conversion_ratio) else qty end as qty_min,
            case when is_pack_unit then jc_div(unit_price, conversion_ratio) else unit_price end as unit_price_min
        from (
            select distinct
                qty, is_pack_unit, conversion_ratio, unit_price, strength_factor, base_price_unit,
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
        classified.nrdl_preference,
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
        nrdl_preference,
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
        profiles.nrdl_entries[summed.nrdl_preference].nrdl_year as nrdl_year,
        profiles.nrdl_entries[summed.nrdl_preference].drug_name as nrdl_drug_name,
        profiles.nrdl_entries[summed.nrdl_preference].standard_unit as nrdl_standard_unit,
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
)

select * from final

-- 批次概览: one row per batch. Price cuts per base kind (ceiling, pre_vbp, local) three ways:
--   simple      = mean of r over selected products with that base
--   by_variety  = mean over varieties of each variety's mean r
--   weighted    = 1 − Σ P_win·Q / Σ base·Q with Q the agreed volume (selected products with volume)
-- plus savings, agreed-volume pace (hospital_progress in the current cycle year) and retention totals (owed for
-- ended periods; an estimate for periods not ended).
with

batches as (
    select * from int_batches where batch_ref = batch_id
),

products as (
    select * from batch_products
),

savings_rows as (
    select * from savings
),

progress as (
    select * from volume_progress
),

hospital_years as (
    select * from hospital_progress
),

retention as (
    select * from retention_statement
),

counts as (
    select
        batch_id,
        count(distinct(generic_name, dosage_form)) filter (where is_selected) as varieties,
        count(*) filter (where is_selected) as selected_products,
        count(*) as bid_products,
        count(distinct enterprise) filter (where is_selected) as selected_enterprises
    from products
    group by batch_id
),

reductions as (
    select
        batch_id, generic_name, dosage_form, 'ceiling' as base_kind, reduction_vs_ceiling as reduction,
        bid_price_unit, ceiling_price_unit as base_price_unit, agreed_qty
    from products where is_selected and ceiling_price_unit is not null
    union all
    select
        batch_id, generic_name, dosage_form, 'pre_vbp', reduction_vs_pre_vbp,
        bid_price_unit, pre_vbp_price_unit, agreed_qty
    from products where is_selected and pre_vbp_price_unit is not null
    union all
    select
        batch_id, generic_name, dosage_form, 'local', reduction_vs_local,
        bid_price_unit, local_price_unit, agreed_qty
    from products where is_selected and local_price_unit is not null
),

variety_means as (
    select batch_id, base_kind, generic_name, dosage_form, avg(reduction) as reduction
    from reductions
    group by all
),

kind_figures as (
    select
        reductions.batch_id,
        reductions.base_kind,
        count(*)::integer as products_with_base,
        cast(avg(reduction) as decimal(18, 6)) as simple_mean,
        try_cast(
            1 - sum(jc_mul(agreed_qty, bid_price_unit)) filter (where agreed_qty > 0)
            / sum(jc_mul(agreed_qty, base_price_unit)) filter (where agreed_qty > 0) as decimal(18, 6)
        ) as weighted
    from reductions
    group by all
),

kind_variety_figures as (
    select batch_id, base_kind, cast(avg(reduction) as decimal(18, 6)) as variety_mean
    from variety_means
    group by all
),

figures as (
    select
        kind_figures.batch_id,
        max(simple_mean) filter (where kind_figures.base_kind = 'ceiling') as reduction_ceiling_simple,
        max(variety_mean) filter (where kind_figures.base_kind = 'ceiling') as reduction_ceiling_by_variety,
        max(weighted) filter (where kind_figures.base_kind = 'ceiling') as reduction_ceiling_weighted,
        max(products_with_base) filter (where kind_figures.base_kind = 'ceiling') as products_with_ceiling,
        max(simple_mean) filter (where kind_figures.base_kind = 'pre_vbp') as reduction_pre_vbp_simple,
        max(variety_mean) filter (where kind_figures.base_kind = 'pre_vbp') as reduction_pre_vbp_by_variety,
        max(weighted) filter (where kind_figures.base_kind = 'pre_vbp') as reduction_pre_vbp_weighted,
        max(products_with_base) filter (where kind_figures.base_kind = 'pre_vbp') as products_with_pre_vbp,
        max(simple_mean) filter (where kind_figures.base_kind = 'local') as reduction_local_simple,
        max(variety_mean) filter (where kind_figures.base_kind = 'local') as reduction_local_by_variety,
        max(weighted) filter (where kind_figures.base_kind = 'local') as reduction_local_weighted,
        max(products_with_base) filter (where kind_figures.base_kind = 'local') as products_with_local
    from kind_figures
    inner join kind_variety_figures using (batch_id, base_kind)
    group by kind_figures.batch_id
),

savings_totals as (
    select
        batch_id,
        sum(savings_agreed) as savings_agreed,
        sum(fund_savings_agreed) as fund_savings_agreed,
        sum(patient_savings_agreed) as patient_savings_agreed,
        sum(purchased_amount) as purchased_selected_amount,
        sum(savings_actual) as savings_actual,
        sum(fund_savings_actual) as fund_savings_actual,
        sum(patient_savings_actual) as patient_savings_actual
    from savings_rows
    group by batch_id
),

progress_totals as (
    select
        batch_id,
        count(distinct hospital_code) as hospitals_with_agreed_volume,
        count(*) filter (where is_current_year and is_behind_pace) as varieties_behind_pace,
        sum(agreed_amount) as agreed_amount
    from progress
    group by batch_id
),

-- each hospital's status in the current cycle year (hospital_progress, the figure every page shows)
pace_totals as (
    select
        batch_id,
        count(*) filter (where pace_status in ('on_pace', 'met')) as hospitals_on_pace,
        count(*) filter (where pace_status = 'behind') as hospitals_behind_pace,
        count(*) filter (where pace_status = 'not_met') as hospitals_not_met,
        count(*) filter (where pace_status = 'no_agreed_volume') as hospitals_without_agreed_volume
    from hospital_years
    where is_current_year
    group by batch_id
),

retention_totals as (
    select
        batch_id,
        sum(retained) filter (where is_period_complete) as retained,
        sum(retained) filter (where not is_period_complete) as retained_estimated,
        sum(paid_amount) as paid
    from retention
    group by batch_id
),

final as (
    select
        -- batch
        batches.batch_id,
        batches.batch_name,
        batches.batch_level,
        batches.category,
        batches.bid_date,
        batches.exec_start,
        batches.cycle_end,
        batches.is_known_batch,
        -- counts
        -- distinct generic name + form selected
        coalesce(counts.varieties, 0)::integer as varieties,
        coalesce(counts.selected_products, 0)::integer as selected_products,
        coalesce(counts.bid_products, 0)::integer as bid_products,
        coalesce(counts.selected_enterprises, 0)::integer as selected_enterprises,
        -- price cuts, each with its base kind in the column name
        figures.* exclude (batch_id),
        -- money (元)
        jc_round2(progress_totals.agreed_amount) as agreed_amount,                       -- Σ Q_agreed × P_win
        jc_round2(savings_totals.savings_agreed) as savings_agreed,                      -- Σ (base − P_win) × Q_agreed
        jc_round2(savings_totals.fund_savings_agreed) as fund_savings_agreed,
        jc_round2(savings_totals.patient_savings_agreed) as patient_savings_agreed,
        jc_round2(savings_totals.purchased_selected_amount) as purchased_selected_amount,
        jc_round2(savings_totals.savings_actual) as savings_actual,                      -- Σ (base − P_paid) × Q
        jc_round2(savings_totals.fund_savings_actual) as fund_savings_actual,
        jc_round2(savings_totals.patient_savings_actual) as patient_savings_actual,
        -- pace and retention
        coalesce(progress_totals.hospitals_with_agreed_volume, 0)::integer as hospitals_with_agreed_volume,
        -- hospital_progress.pace_status in the current cycle year (completion weighted by agreed amount)
        coalesce(pace_totals.hospitals_on_pace, 0)::integer as hospitals_on_pace,            -- on_pace or met
        coalesce(pace_totals.hospitals_behind_pace, 0)::integer as hospitals_behind_pace,    -- behind
        coalesce(pace_totals.hospitals_not_met, 0)::integer as hospitals_not_met,            -- ended short
        coalesce(pace_totals.hospitals_without_agreed_volume, 0)::integer as hospitals_without_agreed_volume,
        coalesce(
            pace_totals.hospitals_behind_pace + pace_totals.hospitals_not_met
            + pace_totals.hospitals_without_agreed_volume, 0
        )::integer as hospitals_off_pace,  -- the three above
        -- hospital × variety rows
        coalesce(progress_totals.varieties_behind_pace, 0)::integer as varieties_behind_pace,
        jc_round2(retention_totals.retained) as retained,                   -- Σ retained of ended periods
        jc_round2(retention_totals.retained_estimated) as retained_estimated,  -- Σ retained, periods not ended
        jc_round2(retention_totals.paid) as retention_paid                               -- Σ paid_amount
    from batches
    left join counts using (batch_id)
    left join figures using (batch_id)
    left join savings_totals using (batch_id)
    left join progress_totals using (batch_id)
    left join pace_totals using (batch_id)
    left join retention_totals using (batch_id)
)

select * from final

-- 监测预警: the warnings of this refresh, one row per alert, from the monitoring marts and the policy in force:
--   price_rise        current home-province listing version priced more than max_rise_share above the one before
--   new_spec_over_cross_spec  home-province listing added after its enterprise already listed the same generic
--                     name and form (a new spec or pack: its first version is later than the family's first),
--                     priced above its 差比价 limit (listing_compliance), which counts as a first price rise
--   price_risk        current home-province drug listing in a price-risk tier (its severity and action)
--   low_distribution  enterprise × product whose distribution rate in the latest assessed month is below
--                     distribution_warning_rate with at least distribution_min_lines lines
--   shortage_prone    manufacturer × variety below shortage_max_rate for shortage_months consecutive months
--                     through the latest assessed month
--   credit_exposure   hospital buying, after the rating, from an enterprise whose level restricts listing or
--                     distribution (the level's severity and disposition)
--   order_above_winning / order_above_listed  hospital × product bought in the lookback window above the winning
--                     price of its selected product in execution, or above the listing price in force, on the
--                     order date (order_price_breaches; figure = the amount paid above it)
--   pace_off          hospital × batch behind pace, or without an agreed volume, in its current agreement year
--                     (hospital_progress, as the progress pages show it)
-- figure is the number behind the alert (rise share, multiple, rate, or amount bought); is_new_this_week marks
-- open alerts whose since date falls in the 7 days up to as_of. status compares with the alerts recorded for the
-- latest earlier as-of date (alert_history): new, continuing, or resolved (recorded then, gone now; kept as recorded).
-- Percentages and multiples in the texts are decimals rounded by a cast (half away from zero) and printed with %s:
-- printf's %.2f rounds a binary double (DuckDB) or the decimal (Spark) and the two differ at a half.
with

params as (
    select * from policy_params
),

monitoring as (
    select * from policy_monitoring
),

changes as (
    select * from listing_price_changes where is_home_province and is_current and is_rise_alert
),

risks as (
    select * from price_risk where tier is not null
),

versions as (
    select * from stg_listing_price_versions
),

-- each listing's first version, and the first version of any listing of its province × generic name × form ×
-- enterprise (the product family a new spec or pack joins)
first_versions as (
    select
        province,
        generic_name,
        dosage_form,
        spec,
        pack,
        enterprise,
        product_code,
        min(valid_from) as first_valid_from
    from versions
    group by province, generic_name, dosage_form, spec, pack, enterprise, product_code
),

new_specs as (
    select
        compliance.*,
        first_versions.first_valid_from
    from listing_compliance as compliance
    inner join first_versions
        on compliance.province = first_versions.province
        and compliance.generic_name = first_versions.generic_name
        and compliance.dosage_form is not distinct from first_versions.dosage_form
        and compliance.spec is not distinct from first_versions.spec
        and compliance.pack is not distinct from first_versions.pack
        and compliance.enterprise is not distinct from first_versions.enterprise
        and compliance.product_code is not distinct from first_versions.product_code
    where compliance.is_home_province
        and compliance.cross_spec_status = 'over_limit'
        and first_versions.first_valid_from > (
            select min(family.first_valid_from)
            from first_versions as family
            where family.province = compliance.province
                and family.generic_name = compliance.generic_name
                and family.dosage_form is not distinct from compliance.dosage_form
                and family.enterprise is not distinct from compliance.enterprise
        )
),

supply as (
    select * from supply_monthly
),

shortages as (
    select * from shortage_risk where is_shortage_prone and is_current
),

exposures as (
    select * from credit_exposure where restricts
),

price_breaches as (
    select * from order_price_breaches
),

progress as (
    select * from hospital_progress where is_current_year and pace_status in ('behind', 'no_agreed_volume')
),

latest_assessed as (
    select max(order_month) as order_month from supply where is_assessed
),

unioned as (
    select
        'price_rise' as alert_kind,
        monitoring.price_rise_severity as severity,
        changes.enterprise,
        changes.generic_name,
        changes.dosage_form,
        changes.spec,
        changes.pack,
        changes.product_code,
        cast(null as varchar) as hospital_code,
        cast(null as varchar) as hospital_name,
        cast(null as varchar) as batch_id,
        changes.valid_from as since,
        changes.change_share as figure,
        printf(
            '挂网价格由 %s 元调至 %s 元（%s 起），上涨 %s%%',
            changes.previous_price::decimal(18, 2)::varchar, changes.listed_price::decimal(18, 2)::varchar,
            strftime(changes.valid_from, '%Y-%m-%d'),
            cast(changes.change_share * 100 as decimal(38, 2))::varchar
        ) as detail,
        printf('本省挂网价格较上一版本上涨超过 %s%%', cast(monitoring.max_rise_share * 100 as decimal(38, 2))::varchar) as rule,
        monitoring.price_rise_action as action,
        monitoring.price_rise_source as source
    from changes
    cross join monitoring
    union all
    select
        'new_spec_over_cross_spec',
        monitoring.new_spec_severity,
        new_specs.enterprise,
        new_specs.generic_name,
        new_specs.dosage_form,
        new_specs.spec,
        new_specs.pack,
        new_specs.product_code,
        null,
        null,
        null,
        new_specs.first_valid_from,
        jc_div(new_specs.listed_price, new_specs.cross_spec_limit),
        printf(
            '%s 起新增规格 %s %s，挂网价格 %s 元，高于差比价限价 %s 元（代表品 %s）',
            strftime(new_specs.first_valid_from, '%Y-%m-%d'), coalesce(new_specs.spec, ''),
            coalesce(new_specs.pack, ''), new_specs.listed_price::decimal(18, 2)::varchar,
            new_specs.cross_spec_limit::decimal(18, 2)::varchar, new_specs.cross_spec_representative
        ),
        '已挂网产品新增规格或包装，挂网价格高于差比价限价，按首次涨价处理',
        monitoring.new_spec_action,
        monitoring.new_spec_source
    from new_specs
    cross join monitoring
    union all
    select
        'price_risk',
        risks.severity,
        risks.enterprise,
        risks.generic_name,
        risks.dosage_form,
        risks.spec,
        risks.pack,
        risks.product_code,
        null,
        null,
        null,
        risks.valid_from,
        risks.price_multiple,
        printf(
            '挂网单位价格 %s 元，为同品种参照中选价（%s，%s 元）的 %s 倍',
            risks.listed_price_unit::decimal(18, 4)::varchar, risks.reference_enterprise,
            risks.reference_price_unit::decimal(18, 4)::varchar,
            cast(risks.price_multiple as decimal(38, 2))::varchar
        ),
        printf(
            '%s：参照价格倍数%s %s 倍',
            risks.tier_label,
            case when tiers.min_inclusive then '≥' else '>' end,
            risks.tier_min_multiple::decimal(9, 2)::varchar
        ),
        risks.action,
        risks.tier_source
    from risks
    inner join policy_price_risk_tiers as tiers on risks.tier = tiers.tier
    union all
    select
        'low_distribution',
        monitoring.supply_severity,
        supply.enterprise,
        supply.generic_name,
        supply.dosage_form,
        supply.spec,
        null,
        null,
        null,
        null,
        null,
        supply.order_month,
        supply.distribution_rate,
        printf(
            '%s 订单明细 %d 条，%d 日内入库 %d 条，逾期 %d 条，未配送 %d 条，配送率 %s%%',
            strftime(supply.order_month, '%Y-%m'), supply.lines, supply.allowed_days, supply.lines_on_time,
            supply.lines_late, supply.lines_unfilled,
            cast(supply.distribution_rate * 100 as decimal(38, 2))::varchar
        ),
        printf(
            '最近考核月份配送率低于 %s%%（订单日期后 %d 日内入库为按时），且当月订单明细不少于 %d 条',
            cast(monitoring.distribution_warning_rate * 100 as decimal(38, 2))::varchar, monitoring.allowed_days,
            monitoring.distribution_min_lines
        ),
        monitoring.supply_action,
        monitoring.supply_source
    from supply
    cross join monitoring
    inner join latest_assessed using (order_month)
    where supply.is_assessed
        and supply.distribution_rate < monitoring.distribution_warning_rate
        and supply.lines >= monitoring.distribution_min_lines
    union all
    select
        'shortage_prone',
        monitoring.shortage_severity,
        shortages.enterprise,
        shortages.generic_name,
        shortages.dosage_form,
        null,
        null,
        null,
        null,
        null,
        null,
        shortages.since_month,
        shortages.latest_rate,
        printf(
            '%s 至 %s 连续 %d 个月配送率低于 %s%%（期间 %d 条明细按时入库 %d 条）',
            strftime(shortages.since_month, '%Y-%m'), strftime(shortages.through_month, '%Y-%m'), shortages.months,
            cast(shortages.shortage_max_rate * 100 as decimal(38, 2))::varchar, shortages.lines, shortages.lines_on_time
        ),
        printf(
            '生产企业某品种配送率连续 %d 个月低于 %s%%，视为易短缺', monitoring.shortage_months,
            cast(monitoring.shortage_max_rate * 100 as decimal(38, 2))::varchar
        ),
        monitoring.shortage_action,
        monitoring.shortage_source
    from shortages
    cross join monitoring
    union all
    select
        'credit_exposure',
        exposures.severity,
        exposures.enterprise,
        exposures.products,
        null,
        null,
        null,
        null,
        exposures.hospital_code,
        exposures.hospital_name,
        null,
        exposures.first_order_date,
        exposures.amount,
        printf(
            '%s 评为“%s”后仍采购 %d 条明细、%s 元（%s 至 %s）',
            strftime(exposures.rating_date, '%Y-%m-%d'), exposures.level, exposures.lines, exposures.amount::varchar,
            strftime(exposures.first_order_date, '%Y-%m-%d'), strftime(exposures.last_order_date, '%Y-%m-%d')
        ),
        printf('信用等级“%s”%s，评级后仍有采购', exposures.level, exposures.level_disposition),
        exposures.level_disposition,
        monitoring.credit_source
    from exposures
    cross join monitoring
    union all
    select
        case when price_breaches.breach = 'above_winning' then 'order_above_winning' else 'order_above_listed' end,
        case
            when price_breaches.breach = 'above_winning' then monitoring.order_winning_severity
            else monitoring.order_listed_severity
        end,
        price_breaches.enterprise,
        price_breaches.generic_name,
        price_breaches.dosage_form,
        price_breaches.spec,
        null,
        null,
        price_breaches.hospital_code,
        price_breaches.hospital_name,
        null,
        price_breaches.first_order_date,
        price_breaches.excess_amount,
        printf(
            '%s 至 %s 有 %d 条明细高于当时有效的%s（%s 元/最小单位，最高付 %s 元），多付 %s 元',
            strftime(price_breaches.first_order_date, '%Y-%m-%d'), strftime(price_breaches.last_order_date, '%Y-%m-%d'),
            price_breaches.lines,
            case when price_breaches.breach = 'above_winning' then '中选价格' else '挂网价格' end,
            price_breaches.reference_price_unit::decimal(18, 4)::varchar,
            price_breaches.max_unit_price::decimal(18, 4)::varchar, price_breaches.excess_amount::varchar
        ),
        printf(
            '近 %d 天的采购单价（按最小单位）高于采购日有效的%s',
            monitoring.order_lookback_days,
            case when price_breaches.breach = 'above_winning' then '集采中选价格' else '本省挂网价格' end
        ),
        monitoring.order_price_action,
        monitoring.order_price_source
    from price_breaches
    cross join monitoring
    union all
    select
        'pace_off',
        monitoring.pace_severity,
        null,
        null,
        null,
        null,
        null,
        null,
        progress.hospital_code,
        progress.hospital_name,
        progress.batch_id,
        progress.year_start,
        progress.completion,
        case
            when progress.pace_status = 'no_agreed_volume'
                then printf('%s 第 %d 协议年度没有约定采购量', progress.batch_name, progress.year_index)
            else printf(
                    '%s 第 %d 协议年度完成率 %s%%，序时进度 %s%%，%d 个品种滞后', progress.batch_name,
                    progress.year_index, cast(progress.completion * 100 as decimal(38, 1))::varchar,
                    cast(progress.elapsed * 100 as decimal(38, 1))::varchar, progress.varieties_off_pace
                )
        end || case
            when progress.varieties_selected_undelivered > 0
                then printf(
                        '；其中 %d 个品种在中选产品逾期未配送期间采购了非中选产品（供应原因，非机构选择）',
                        progress.varieties_selected_undelivered
                    )
            else ''
        end,
        printf(
            '当前协议年度完成率低于序时进度 × %s（滞后），或没有约定采购量', params.behind_pace_factor::decimal(9, 2)::varchar
        ),
        monitoring.pace_action,
        monitoring.pace_source
    from progress
    cross join monitoring
    cross join params
),

current_alerts as (
    select
        alert_kind,
        severity,
        enterprise,
        generic_name,
        dosage_form,
        spec,
        pack,
        product_code,
        hospital_code,
        hospital_name,
        batch_id,
        since,
        figure,
        detail,
        rule,
        action,
        source
    from unioned
),

-- the alerts recorded for the latest earlier as-of date (pipelines/refresh/record-alerts.ts)
previous as (
    select history.*
    from alert_history as history
    where history.as_of = (
            select max(earlier.as_of) from alert_history as earlier cross join params where earlier.as_of < params.as_of
        )
),

statused as (
    select
        current_alerts.*,
        case when exists (
                    select 1 from previous
                    where previous.alert_kind = current_alerts.alert_kind
                        and previous.enterprise is not distinct from current_alerts.enterprise
                        and previous.generic_name is not distinct from current_alerts.generic_name
                        and previous.dosage_form is not distinct from current_alerts.dosage_form
                        and previous.spec is not distinct from current_alerts.spec
                        and previous.pack is not distinct from current_alerts.pack
                        and previous.product_code is not distinct from current_alerts.product_code
                        and previous.hospital_code is not distinct from current_alerts.hospital_code
                        and previous.batch_id is not distinct from current_alerts.batch_id
                        and previous.since is not distinct from current_alerts.since
                ) then 'continuing'
            else 'new'
        end as status
    from current_alerts
    union all
    select
        previous.alert_kind,
        previous.severity,
        previous.enterprise,
        previous.generic_name,
        previous.dosage_form,
        previous.spec,
        previous.pack,
        previous.product_code,
        previous.hospital_code,
        previous.hospital_name,
        previous.batch_id,
        previous.since,
        previous.figure,
        previous.detail,
        previous.rule,
        previous.action,
        previous.source,
        'resolved' as status
    from previous
    where not exists (
            select 1 from current_alerts
            where current_alerts.alert_kind = previous.alert_kind
                and current_alerts.enterprise is not distinct from previous.enterprise
                and current_alerts.generic_name is not distinct from previous.generic_name
                and current_alerts.dosage_form is not distinct from previous.dosage_form
                and current_alerts.spec is not distinct from previous.spec
                and current_alerts.pack is not distinct from previous.pack
                and current_alerts.product_code is not distinct from previous.product_code
                and current_alerts.hospital_code is not distinct from previous.hospital_code
                and current_alerts.batch_id is not distinct from previous.batch_id
                and current_alerts.since is not distinct from previous.since
        )
),

final as (
    select
        statused.*,
        statused.status <> 'resolved' and statused.since > params.as_of - 7 as is_new_this_week
    from statused
    cross join params
)

select * from final

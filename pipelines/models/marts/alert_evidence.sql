-- 预警依据: the rows behind each open alert (new or continuing) of the alerts mart, one row per evidence line,
-- carrying the alert's key (alert_kind … since) so the 监测预警 page opens an alert to its rows:
--   price_rise, new_spec_over_cross_spec, price_risk  every home-province version of the listing (valid-from date,
--                     price per pack and per minimum unit), from stg_listing_price_versions
--   low_distribution  the month's order lines of the product delivered late or not at all (int_order_deliveries)
--   shortage_prone    each assessed month of the variety from the alert's first low month (supply_monthly, per spec)
--   credit_exposure   the hospital's order lines from the enterprise on or after the rating
--                     (int_credit_exposure_lines)
--   order_above_winning / order_above_listed  the lines bought above the price in force (amount qty_min × P_unit;
--                     the note says the money paid above it, qty_min × (P_unit − reference));
--                     int_order_price_breach_lines
--   pace_off          the hospital × batch's varieties in their current agreement year (volume_progress)
with

params as (
    select * from policy_params
),

-- the key of each open alert, carried by every evidence row
open_alerts as (
    select alert_kind, enterprise, generic_name, dosage_form, spec, pack, product_code, hospital_code, batch_id, since
    from alerts
    where status <> 'resolved'
),

hospitals as (
    select * from stg_hospitals
),

versions as (
    select stg_listing_price_versions.*
    from stg_listing_price_versions
    cross join params
    where params.province = stg_listing_price_versions.province
        or jc_province(params.province) = jc_province(stg_listing_price_versions.province)
),

-- each line after a rating with the first such line of its rating × hospital, the since date of its alert
credit_lines as (
    select
        *,
        min(order_date) over (partition by province, enterprise, rating_date, level, hospital_code) as first_order_date
    from int_credit_exposure_lines
    where restricts
),

price_evidence as (
    select
        open_alerts.*,
        versions.valid_from as evidence_date,
        printf('挂网价格版本（%s 起）', strftime(versions.valid_from, '%Y-%m-%d')) as evidence_item,
        cast(null as varchar) as hospital_name,
        cast(null as decimal(38, 6)) as qty_min,
        versions.listed_price_unit as unit_price,
        cast(null as decimal(38, 6)) as reference_price,
        cast(null as decimal(38, 6)) as amount,
        printf('挂网价格 %s 元/包装（%s）', versions.listed_price::decimal(18, 2)::varchar, coalesce(versions.pack, '')) as note
    from open_alerts
    inner join versions
        on open_alerts.enterprise is not distinct from versions.enterprise
        and open_alerts.generic_name = versions.generic_name
        and open_alerts.dosage_form is not distinct from versions.dosage_form
        and open_alerts.spec is not distinct from versions.spec
        and open_alerts.pack is not distinct from versions.pack
        and open_alerts.product_code is not distinct from versions.product_code
    where open_alerts.alert_kind in ('price_rise', 'new_spec_over_cross_spec', 'price_risk')
),

delivery_evidence as (
    select
        open_alerts.*,
        deliveries.order_date,
        printf('订单 %s 第 %d 行', deliveries.order_id, deliveries.line_no),
        hospitals.hospital_name,
        null,
        null,
        null,
        deliveries.amount,
        case deliveries.delivery_status
            when 'late'
                then printf(
                        '%s 入库，用时 %d 天，超过 %d 天', strftime(deliveries.received_date, '%Y-%m-%d'),
                        deliveries.delivery_days, deliveries.allowed_days
                    )
            else printf('截至统计日未入库，已过 %d 天', date_diff('day', deliveries.order_date, params.as_of))
        end
    from open_alerts
    inner join int_order_deliveries as deliveries
        on open_alerts.enterprise = deliveries.enterprise
        and open_alerts.generic_name = deliveries.generic_name
        and open_alerts.dosage_form is not distinct from deliveries.dosage_form
        and open_alerts.spec is not distinct from deliveries.spec
        and open_alerts.since = deliveries.order_month
    left join hospitals on deliveries.hospital_code = hospitals.hospital_code
    cross join params
    where open_alerts.alert_kind = 'low_distribution' and deliveries.delivery_status in ('late', 'unfilled')
),

shortage_evidence as (
    select
        open_alerts.*,
        supply.order_month,
        printf('%s 月度配送（规格 %s）', strftime(supply.order_month, '%Y-%m'), coalesce(supply.spec, '—')),
        null,
        null,
        null,
        null,
        supply.amount,
        printf(
            '订单明细 %d 条，按时入库 %d 条，逾期 %d 条，未配送 %d 条，配送率 %s%%', supply.lines, supply.lines_on_time,
            supply.lines_late, supply.lines_unfilled, cast(supply.distribution_rate * 100 as decimal(38, 2))::varchar
        )
    from open_alerts
    inner join supply_monthly as supply
        on open_alerts.enterprise = supply.enterprise
        and open_alerts.generic_name = supply.generic_name
        and open_alerts.dosage_form is not distinct from supply.dosage_form
        and supply.order_month >= open_alerts.since
    where open_alerts.alert_kind = 'shortage_prone' and supply.is_assessed
),

credit_evidence as (
    select
        open_alerts.*,
        exposed.order_date,
        printf('订单 %s 第 %d 行', exposed.order_id, exposed.line_no),
        hospitals.hospital_name,
        null,
        null,
        null,
        exposed.amount,
        printf('%s，%s 评为“%s”', exposed.generic_name, strftime(exposed.rating_date, '%Y-%m-%d'), exposed.level)
    from open_alerts
    inner join credit_lines as exposed
        on open_alerts.enterprise = exposed.enterprise
        and open_alerts.hospital_code = exposed.hospital_code
        and open_alerts.since = exposed.first_order_date
    left join hospitals on exposed.hospital_code = hospitals.hospital_code
    where open_alerts.alert_kind = 'credit_exposure'
),

breach_evidence as (
    select
        open_alerts.*,
        breaches.order_date,
        printf('订单 %s 第 %d 行', breaches.order_id, breaches.line_no),
        hospitals.hospital_name,
        breaches.qty_min,
        breaches.unit_price_min,
        breaches.reference_unit,
        jc_round2(jc_mul(breaches.qty_min, breaches.unit_price_min)),
        printf(
            '%s自 %s 起为 %s 元/最小单位，本行多付 %s 元',
            case when breaches.breach = 'above_winning' then '中选价格' else '挂网价格' end,
            strftime(breaches.reference_valid_from, '%Y-%m-%d'), breaches.reference_unit::decimal(18, 4)::varchar,
            jc_round2(jc_mul(breaches.qty_min, breaches.unit_price_min - breaches.reference_unit))::varchar
        )
    from open_alerts
    inner join int_order_price_breach_lines as breaches
        on open_alerts.alert_kind = 'order_' || breaches.breach
        and open_alerts.enterprise is not distinct from breaches.enterprise
        and open_alerts.generic_name = breaches.generic_name
        and open_alerts.dosage_form is not distinct from breaches.dosage_form
        and open_alerts.spec is not distinct from breaches.spec
        and open_alerts.hospital_code = breaches.hospital_code
    left join hospitals on breaches.hospital_code = hospitals.hospital_code
),

pace_evidence as (
    select
        open_alerts.*,
        progress.year_start,
        printf('%s %s（第 %d 协议年度）', progress.generic_name, coalesce(progress.dosage_form, ''), progress.year_index),
        progress.hospital_name,
        null,
        null,
        null,
        null,
        printf(
            '约定采购量 %s，已采购中选产品 %s（折算规格），完成率 %s%%，序时进度 %s%%',
            coalesce(progress.agreed_qty::decimal(18, 0)::varchar, '—'),
            coalesce(progress.purchased_selected_qty::decimal(18, 0)::varchar, '0'),
            cast(coalesce(progress.completion, 0) * 100 as decimal(38, 1))::varchar,
            cast(progress.elapsed * 100 as decimal(38, 1))::varchar
        )
    from open_alerts
    inner join volume_progress as progress
        on open_alerts.hospital_code = progress.hospital_code
        and open_alerts.batch_id = progress.batch_id
        and progress.is_current_year
    where open_alerts.alert_kind = 'pace_off'
),

final as (
    select * from price_evidence
    union all
    select * from delivery_evidence
    union all
    select * from shortage_evidence
    union all
    select * from credit_evidence
    union all
    select * from breach_evidence
    union all
    select * from pace_evidence
)

select * from final

-- 说明: 每条挂网记录在价格核查表中恰好一行，核查结果只有 合规 / 超限 / 无参照 三种
-- severity: error
select
    'row_count' as problem, (select count(*) from stg_listing_prices) as listings,
    (select count(*) from listing_compliance) as judged
where (select count(*) from stg_listing_prices) <> (select count(*) from listing_compliance)
union all
select 'status ' || coalesce(compliance_status, 'null'), null, count(*)
from listing_compliance
where compliance_status is null or compliance_status not in ('compliant', 'over_limit', 'no_reference')
group by compliance_status

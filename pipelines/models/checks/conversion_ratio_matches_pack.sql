-- 说明: 转换比与包装文字中的数量一致（相差不超过 10 倍）：不一致时通常是文件中的转换比或包装写错了，单位价格和限价随之错误
-- A file's own conversion ratio wins over its pack text (macros.sql, jc_conversion), so a wrong 转换比 column
-- (8000 for '×80丸/盒') would otherwise pass silently. Order lines are compared once per distinct text.
with

listed as (
    select '挂网' as source, generic_name, spec, pack, conversion_ratio, count(*) as rows
    from raw_listing_prices
    where conversion_ratio is not null and pack is not null
    group by all
),

bids as (
    select '中选结果' as source, generic_name, spec, pack, conversion_ratio, count(*) as rows
    from raw_batch_results
    where conversion_ratio is not null and pack is not null
    group by all
),

ordered as (
    select '订单' as source, generic_name, spec, pack, conversion_ratio, count(*) as rows
    from raw_orders
    where conversion_ratio is not null and pack is not null
    group by all
),

compared as (
    select *, jc_pack_count(pack) as pack_count
    from (
        select * from listed
        union all
        select * from bids
        union all
        select * from ordered
    )
)

select source, generic_name, spec, pack, conversion_ratio, pack_count, rows
from compared
where jc_is_count(conversion_ratio)
    and greatest(conversion_ratio / pack_count, pack_count / conversion_ratio) > 10
order by source, generic_name, spec, pack

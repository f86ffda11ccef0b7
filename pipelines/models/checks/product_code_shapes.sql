-- 说明: 医保编码格式正确（西药 X 开头 23 位、中成药 Z 开头 20 位、耗材 C 开头 20 或 27 位），不符的保留并标记
-- severity: warning
select source, product_code, count(*) as rows
from (
    select '订单' as source, product_code from stg_orders
    union all
    select '挂网', product_code from stg_listing_prices
    union all
    select '中选结果', product_code from stg_batch_results
)
where jm_code_kind(product_code) = '编码格式不符'
group by all
order by rows desc

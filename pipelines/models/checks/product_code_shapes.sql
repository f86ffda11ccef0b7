-- 说明: 医保编码格式正确（西药 X 开头 23 位、中成药 Z 开头 20 位、耗材 C 开头 20 或 27 位），不符的保留并标记
-- severity: warning
select source, product_code, rows
from (
    select '订单' as source, product_code, count(*) as rows from raw_orders group by product_code
    union all
    select '挂网', product_code, count(*) from raw_listing_prices group by product_code
    union all
    select '中选结果', product_code, count(*) from raw_batch_results group by product_code
)
where jc_code_kind(product_code) = '编码格式不符'
order by rows desc

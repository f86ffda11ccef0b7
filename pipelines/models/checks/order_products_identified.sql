-- 说明: 每条订单明细都能识别产品（有医保编码或通用名）
-- severity: error
select order_id, line_no, source_file, source_row
from raw_orders
where product_code is null and generic_name is null

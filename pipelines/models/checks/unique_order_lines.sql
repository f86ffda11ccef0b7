-- 说明: 订单明细唯一（订单编号 + 明细序号不重复）
-- severity: error
select order_id, line_no, count(*) as rows
from raw_orders
group by order_id, line_no
having count(*) > 1

-- 说明: 订单金额等于采购数量 × 采购单价（误差不超过 0.01 元）
-- severity: error
select
    order_id,
    line_no,
    qty,
    unit_price,
    amount,
    cast(amount - jm_mul(qty, unit_price) as decimal(38, 6)) as difference
from stg_orders
where amount is not null
    and abs(amount - jm_mul(qty, unit_price)) > 0.01

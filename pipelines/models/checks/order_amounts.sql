-- 说明: 订单金额等于采购数量 × 采购单价（误差不超过 0.01 元）
-- severity: error
-- jc_mul rounds qty × unit_price to 6 places, which costs a DECIMAL(38) division per line. The exact product
-- first picks the candidates: rounding moves it by at most 0.0000005, so every line off by more than 0.01 after
-- rounding is off by more than 0.0099995 before it; only those candidates are rounded and compared.
select
    order_id,
    line_no,
    qty,
    unit_price,
    amount,
    cast(amount - jc_mul(qty, unit_price) as decimal(38, 6)) as difference
from raw_orders
where amount is not null
    and abs(amount - cast(qty as decimal(38, 6)) * unit_price) > 0.0099995
    and abs(amount - jc_mul(qty, unit_price)) > 0.01

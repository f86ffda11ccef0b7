-- 说明: 回款及时率表的采购金额合计等于截至统计日的订单金额合计
-- severity: error
with

mart as (
    select coalesce(sum(amount), 0) as amount, coalesce(sum(lines), 0) as lines from payment_timeliness
),

direct as (
    select coalesce(sum(coalesce(amount, jc_mul(qty, unit_price))), 0) as amount, count(*) as lines
    from raw_orders
    where order_date <= (select as_of from policy_params)
)

select
    mart.amount as mart_amount, direct.amount as direct_amount, mart.lines as mart_lines, direct.lines as direct_lines
from mart
cross join direct
where abs(mart.amount - direct.amount) > 0.01 or mart.lines <> direct.lines

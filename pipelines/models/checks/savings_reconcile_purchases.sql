-- 说明: 实际采购节约中的中选产品采购金额等于订单汇总中该批次中选产品的金额合计
-- severity: error
with

mart as (
    select batch_id, sum(purchased_amount) as amount
    from savings
    group by batch_id
),

direct as (
    select batch_id, sum(amount) as amount
    from int_order_months
    where selected_product_key is not null
    group by batch_id
)

select coalesce(mart.batch_id, direct.batch_id) as batch_id, mart.amount as mart_amount, direct.amount as direct_amount
from mart
full outer join direct using (batch_id)
where abs(coalesce(mart.amount, 0) - coalesce(direct.amount, 0)) > 0.01

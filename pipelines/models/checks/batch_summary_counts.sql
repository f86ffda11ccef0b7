-- 说明: 批次概览的中选产品数等于中选结果中该批次的中选记录数
-- severity: error
with

direct as (
    select batches.batch_id, count(*) filter (where results.is_selected) as selected_products
    from stg_batch_results as results
    inner join int_batches as batches using (batch_ref)
    group by batches.batch_id
)

select summary.batch_id, summary.selected_products, direct.selected_products as direct_selected_products
from batch_summary as summary
left join direct using (batch_id)
where summary.selected_products <> coalesce(direct.selected_products, 0)

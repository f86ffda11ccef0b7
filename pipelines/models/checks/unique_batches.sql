-- 说明: 批次编号唯一（采购批次表中同一批次编号只出现一次）
-- severity: error
select batch_id, count(*) as rows
from raw_batches
group by batch_id
having count(*) > 1

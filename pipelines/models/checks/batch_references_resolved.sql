-- 说明: 中选结果、约定采购量和结余留用返还中的批次都能对应到采购批次表
-- severity: warning
select batch_ref, batch_id
from int_batches
where not is_known_batch

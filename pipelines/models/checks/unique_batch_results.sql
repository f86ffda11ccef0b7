-- 说明: 中选结果唯一（批次 + 通用名 + 剂型 + 规格 + 包装 + 企业不重复）
-- severity: error
select batch, generic_name, dosage_form, spec, pack, enterprise, count(*) as rows
from raw_batch_results
group by all
having count(*) > 1

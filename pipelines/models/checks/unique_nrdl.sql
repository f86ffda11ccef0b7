-- 说明: 国谈目录条目唯一（目录年份 + 药品名称 + 剂型 + 支付标准对应规格不重复）
-- severity: error
select nrdl_year, drug_name, dosage_form, standard_unit, count(*) as rows
from raw_nrdl
group by all
having count(*) > 1

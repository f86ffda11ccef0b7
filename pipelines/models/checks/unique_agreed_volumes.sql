-- 说明: 约定采购量唯一（批次 + 机构或地区 + 通用名 + 剂型 + 规格 + 医保编码 + 协议年度不重复）
-- severity: error
select batch, hospital_code, region, generic_name, dosage_form, spec, product_code, year_index, count(*) as rows
from raw_agreed_volumes
group by all
having count(*) > 1

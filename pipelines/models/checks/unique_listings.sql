-- 说明: 挂网记录唯一（省份 + 通用名 + 剂型 + 规格 + 包装 + 企业不重复）
-- severity: error
select province, generic_name, dosage_form, spec, pack, enterprise, count(*) as rows
from raw_listing_prices
group by all
having count(*) > 1

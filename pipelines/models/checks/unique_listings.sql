-- 说明: 挂网记录唯一（省份 + 通用名 + 剂型 + 规格 + 包装 + 企业 + 医保编码不重复）
-- severity: error
-- The natural key of listing-prices (pipelines/sources/listing-prices.ts): the same product under two national
-- codes (different packaging material, often different prices) is two listings.
select province, generic_name, dosage_form, spec, pack, enterprise, product_code, count(*) as rows
from raw_listing_prices
group by all
having count(*) > 1

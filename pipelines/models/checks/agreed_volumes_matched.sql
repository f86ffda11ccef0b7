-- 说明: 每条约定采购量都能对应到本批次的一个中选产品
-- severity: warning
select batch_id, holder_code, generic_name, dosage_form, spec, enterprise, year_index
from int_agreed_volumes
where product_key is null

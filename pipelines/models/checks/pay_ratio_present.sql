-- 说明: 有约定采购量的医疗机构都有医保实际支付比例（结余留用和基金节约金额需要）
-- severity: error
select distinct agreed.hospital_code, hospitals.hospital_name
from int_agreed_volumes as agreed
left join stg_hospitals as hospitals using (hospital_code)
where agreed.holder_kind = 'hospital' and hospitals.mi_pay_ratio is null

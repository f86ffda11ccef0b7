-- 说明: 节约金额的基金部分与患者部分之和等于节约总额
-- severity: error
select
    batch_id, holder_code, product_key, year_index, savings_agreed, fund_savings_agreed, patient_savings_agreed,
    savings_actual, fund_savings_actual, patient_savings_actual
from savings
where fund_savings_agreed + patient_savings_agreed <> savings_agreed
    or fund_savings_actual + patient_savings_actual <> savings_actual

-- 说明: 医疗机构编码唯一（定点医疗机构表中同一编码只出现一次）
-- severity: error
select hospital_code, count(*) as rows
from raw_hospitals
group by hospital_code
having count(*) > 1

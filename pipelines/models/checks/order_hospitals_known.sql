-- 说明: 订单中的医疗机构编码在定点医疗机构表中存在
-- severity: warning
select hospital_code, count(*) as lines
from raw_orders
where hospital_code not in (select hospital_code from raw_hospitals where hospital_code is not null)
group by hospital_code
order by lines desc

-- 说明: 结余留用返还记录唯一（机构 + 批次 + 期间不重复）
-- severity: error
select hospital_code, batch, period, count(*) as rows
from raw_surplus_returns
group by all
having count(*) > 1

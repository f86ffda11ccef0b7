-- 说明: 由包装、规格文字推算的数值（转换比、含量、装量、差比价系数等）都可信；不可信的置空并在数据质量说明（data_quality_notes）中列出原因
-- severity: warning
select model, column_name, reason, count(*) as notes, sum(rows) as rows
from data_quality_notes
group by all
order by notes desc, model, column_name, reason

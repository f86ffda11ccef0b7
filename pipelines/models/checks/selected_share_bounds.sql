-- 说明: 中选产品使用比例在 0 到 1 之间，完成率和序时进度不为负
-- severity: error
select 'selected_share' as measure, batch_id, hospital_code, generic_name, selected_share as value
from selected_share
where selected_share < 0 or selected_share > 1
union all
select 'completion', batch_id, hospital_code, generic_name, completion
from volume_progress
where completion < 0 or elapsed < 0 or elapsed > 1

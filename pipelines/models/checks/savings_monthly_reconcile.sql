-- 说明: 按月的实际采购节约（含医保基金部分）按批次合计等于节约金额表的合计
-- severity: error
with

monthly as (
    select batch_id, sum(savings_actual) as savings, sum(fund_savings_actual) as fund
    from savings_monthly
    group by batch_id
),

by_year as (
    select batch_id, sum(savings_actual) as savings, sum(fund_savings_actual) as fund
    from savings
    where purchased_qty > 0
    group by batch_id
)

select
    coalesce(monthly.batch_id, by_year.batch_id) as batch_id,
    monthly.savings as monthly_savings,
    by_year.savings as savings,
    monthly.fund as monthly_fund,
    by_year.fund as fund
from monthly
full outer join by_year using (batch_id)
where abs(coalesce(monthly.savings, 0) - coalesce(by_year.savings, 0)) > 0.01
    or abs(coalesce(monthly.fund, 0) - coalesce(by_year.fund, 0)) > 0.01

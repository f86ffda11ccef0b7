-- 说明: 结余留用结算单逐行可复核：结余 = max(0, 预算 − 支出)，留用 = 结余 × 比例（四舍五入到分），差额 = 已返还 − 应留用，且预算与支出等于明细之和
-- severity: error
with

statement as (
    select * from retention_statement where year_index is not null
),

lines as (
    select batch_id, hospital_code, year_index, sum(budget) as budget, sum(spend) as spend
    from retention_statement_lines
    group by all
)

select
    statement.batch_id, statement.hospital_code, statement.year_index, statement.budget, lines.budget as lines_budget,
    statement.spend, lines.spend as lines_spend, statement.balance, statement.rate, statement.retained,
    statement.paid_amount, statement.difference
from statement
left join lines using (batch_id, hospital_code, year_index)
where abs(statement.budget - lines.budget) > 0.01
    or abs(statement.spend - lines.spend) > 0.01
    or abs(statement.balance - greatest(statement.budget - statement.spend, 0)) > 0.01
    or (
        statement.rate is not null and statement.is_completed
        and abs(statement.retained - round(statement.balance * statement.rate, 2)) > 0.01
    )
    or (
        statement.paid_amount is not null and statement.retained is not null
        and statement.difference <> statement.paid_amount - statement.retained
    )

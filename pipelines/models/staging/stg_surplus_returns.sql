-- 结余留用返还: one payout record per hospital × batch × period. The period is matched to a cycle year either
-- as an index ('第1年', '1', '第一年') or as the calendar year the cycle year starts in ('2025', '2025年度').
with

returns as (
    select * from raw_surplus_returns
),

parsed as (
    select
        *,
        trim(period) as period_text
    from returns
),

final as (
    select
        hospital_code,
        batch as batch_ref,
        period,
        try_cast(translate(
            regexp_extract(period_text, '^第?\s*([0-9]{1,2}|[一二三四五六七八九])\s*(?:个)?(?:协议|采购)?(?:年|年度|周期)?$', 1),
            '一二三四五六七八九', '123456789'
        ) as integer) as period_index,
        try_cast(regexp_extract(period_text, '^((?:19|20)[0-9]{2})', 1) as integer) as period_year,
        assessment_score,
        paid_amount,
        paid_date
    from parsed
)

select * from final

-- 信用评级: one row per rating of an enterprise by a province (the loader keeps one row per natural key). A rating
-- marked repaired (是否修复 yes) or with a repair date no longer binds (is_repaired).
with

ratings as (
    select * from raw_credit_ratings
),

final as (
    select
        load_id,
        province,
        trim(enterprise) as enterprise,
        rating_date,
        level,
        case_summary,
        case_products,
        disposition,
        coalesce(repaired, false) or repaired_date is not null as is_repaired,
        repaired_date
    from ratings
    where enterprise is not null
)

select * from final

-- 定点医疗机构: one row per hospital code (the loader keeps one row per natural key; the unique_* checks
-- report any duplicate).
with

hospitals as (
    select * from raw_hospitals
),

final as (
    select
        hospital_code,
        name as hospital_name,
        level as hospital_level,
        ownership,
        region,
        kind as institution_kind,
        mi_pay_ratio
    from hospitals
    where hospital_code is not null
)

select * from final

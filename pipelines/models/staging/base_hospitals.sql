-- 定点医疗机构: one row per hospital code (a later load wins if a code repeats).
with

hospitals as (
    select * from stg_hospitals
),

latest as (
    select *
    from hospitals
    where hospital_code is not null
    qualify row_number() over (partition by hospital_code order by load_id desc, source_row desc) = 1
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
    from latest
)

select * from final

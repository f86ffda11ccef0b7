-- 采购批次: one row per batch id.
with

batches as (
    select * from stg_batches
),

latest as (
    select *
    from batches
    where batch_id is not null
    qualify row_number() over (partition by batch_id order by load_id desc, source_row desc) = 1
),

final as (
    select
        batch_id,
        name as batch_name,
        level as batch_level,
        category,
        bid_date,
        exec_start,
        cycle_end
    from latest
)

select * from final

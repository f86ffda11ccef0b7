-- 采购批次: one row per batch id.
with

batches as (
    select * from raw_batches
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
    from batches
    where batch_id is not null
)

select * from final

-- Every batch reference found in the inputs, resolved to one batch: a file may name a batch by its id or by
-- its name (第七批国家组织药品集采), with full- or half-width brackets. A reference that matches no batch row
-- stays a batch of its own.
with

batches as (
    select * from stg_batches
),

results as (
    select * from stg_batch_results
),

volumes as (
    select * from stg_agreed_volumes
),

returns as (
    select * from stg_surplus_returns
),

references_found as (
    select batch_id as batch_ref from batches
    union
    select batch_ref from results where batch_ref is not null
    union
    select batch_ref from volumes where batch_ref is not null
    union
    select batch_ref from returns where batch_ref is not null
),

matches as (
    select
        references_found.batch_ref,
        batches.*,
        case when references_found.batch_ref = batches.batch_id then 1 else 2 end as match_rank
    from references_found
    inner join batches
        on references_found.batch_ref = batches.batch_id
        or jc_batch_key(references_found.batch_ref) = jc_batch_key(batches.batch_name)
    qualify row_number() over (partition by references_found.batch_ref order by match_rank, batches.batch_id) = 1
),

final as (
    select
        references_found.batch_ref,
        coalesce(matches.batch_id, references_found.batch_ref) as batch_id,
        coalesce(matches.batch_name, references_found.batch_ref) as batch_name,
        matches.batch_level,
        matches.category,
        matches.bid_date,
        matches.exec_start,
        matches.cycle_end,
        matches.batch_id is not null as is_known_batch
    from references_found
    left join matches using (batch_ref)
)

select * from final

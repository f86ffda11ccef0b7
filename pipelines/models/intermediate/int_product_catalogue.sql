-- What is known about a product code from the bids and the listings: names and the conversion ratio, used to
-- fill order lines that carry only a code (one row per code; bids first, then the most recent listing; the rest
-- of the row breaks a tie, so the choice never depends on the order rows were loaded in).
with

products as (
    select * from int_batch_products
),

listings as (
    select * from stg_listing_prices
),

candidates as (
    select
        product_code,
        generic_name,
        dosage_form,
        spec,
        pack,
        enterprise,
        conversion_ratio,
        1 as source_rank,
        exec_start as seen_date
    from products
    where product_code is not null
    union all
    select
        product_code,
        generic_name,
        dosage_form,
        spec,
        pack,
        enterprise,
        conversion_ratio,
        2 as source_rank,
        listed_date as seen_date
    from listings
    where product_code is not null
),

final as (
    select * exclude (source_rank, seen_date)
    from candidates
    qualify row_number() over (
            partition by product_code
            order by
                (conversion_ratio is null), source_rank, seen_date desc nulls last, enterprise nulls last,
                generic_name nulls last, dosage_form nulls last, spec nulls last, pack nulls last, conversion_ratio
        ) = 1
)

select * from final

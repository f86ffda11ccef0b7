-- 说明: 订单中的产品在中选结果、挂网目录或国谈目录中可查到（查不到的列出待核实）
-- severity: warning
with

purchases as (
    select * from int_order_months
),

known_codes as (
    select product_code as code from stg_batch_results where product_code is not null
    union
    select product_code from stg_listing_prices where product_code is not null
    union
    select drug_code from stg_nrdl where drug_code is not null
),

known_names as (
    select generic_name, spec from stg_batch_results
    union
    select generic_name, spec from stg_listing_prices
    union
    select drug_name, null from stg_nrdl
),

unknown as (
    select
        purchases.product_code, purchases.generic_name, purchases.spec, purchases.enterprise,
        sum(purchases.lines)::bigint as lines
    from purchases
    where not exists (select 1 from known_codes where known_codes.code = purchases.product_code)
        and not exists (
            select 1 from known_names
            where known_names.generic_name = purchases.generic_name
                and (known_names.spec is null or known_names.spec = purchases.spec)
        )
    group by all
)

select * from unknown order by lines desc

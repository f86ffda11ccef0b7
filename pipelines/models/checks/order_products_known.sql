-- 说明: 订单中的产品在中选结果、挂网目录或国谈目录中可查到（查不到的列出待核实）
-- severity: warning
with

lines as (
    select * from int_order_units
),

known_codes as (
    select product_code as code from base_batch_results where product_code is not null
    union
    select product_code from base_listing_prices where product_code is not null
    union
    select drug_code from base_nrdl where drug_code is not null
),

known_names as (
    select generic_name, spec from base_batch_results
    union
    select generic_name, spec from base_listing_prices
    union
    select drug_name, null from base_nrdl
),

unknown as (
    select lines.product_code, lines.generic_name, lines.spec, lines.enterprise, count(*) as lines
    from lines
    where not exists (select 1 from known_codes where known_codes.code = lines.product_code)
        and not exists (
            select 1 from known_names
            where known_names.generic_name = lines.generic_name
                and (known_names.spec is null or known_names.spec = lines.spec)
        )
    group by all
)

select * from unknown order by lines desc

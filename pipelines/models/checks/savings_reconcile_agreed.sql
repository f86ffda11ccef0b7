-- 说明: 约定量节约金额与按中选结果价格直接重算一致（每批次误差不超过 0.01 元）
-- severity: error
with

mart as (
    select batch_id, sum(agreed_qty) as agreed_qty, sum(savings_agreed) as savings_agreed
    from savings
    group by batch_id
),

direct as (
    select
        volumes.batch_id,
        sum(volumes.agreed_qty_min) as agreed_qty,
        sum(jc_mul(
            volumes.agreed_qty_min,
            coalesce(results.pre_vbp_price_unit, results.ceiling_price_unit)
            - coalesce(
                results.price_per_unit,
                jc_div(results.price_per_pack, coalesce(results.conversion_ratio, jc_pack_count(results.pack)))
            )
        )) as savings_agreed
    from int_agreed_volumes as volumes
    inner join int_batch_products as products using (product_key)
    inner join raw_batch_results as results
        on results.generic_name = products.generic_name
        and results.spec is not distinct from products.spec
        and results.pack is not distinct from products.pack
        and results.enterprise = products.enterprise
        and jc_batch_key(results.batch) in (jc_batch_key(products.batch_id), jc_batch_key(products.batch_name))
        and results.dosage_form is not distinct from products.dosage_form
    group by volumes.batch_id
)

select
    coalesce(mart.batch_id, direct.batch_id) as batch_id,
    mart.agreed_qty as mart_agreed_qty,
    direct.agreed_qty as direct_agreed_qty,
    mart.savings_agreed as mart_savings,
    direct.savings_agreed as direct_savings
from mart
full outer join direct using (batch_id)
where coalesce(mart.agreed_qty, 0) <> coalesce(direct.agreed_qty, 0)
    or abs(coalesce(mart.savings_agreed, 0) - coalesce(direct.savings_agreed, 0)) > 0.01

-- 说明: 每个有约定采购量的医疗机构 × 批次 × 协议年度在结余留用结算单中都有一行
-- severity: error
select distinct volumes.hospital_code, volumes.batch_id, volumes.year_index
from int_agreed_volumes as volumes
where volumes.holder_kind = 'hospital'
    and volumes.product_key is not null
    and volumes.agreed_qty_min > 0
    and not exists (
        select 1
        from retention_statement as statement
        where statement.hospital_code = volumes.hospital_code
            and statement.batch_id = volumes.batch_id
            and statement.year_index = volumes.year_index
    )

-- 说明: 每个有约定采购量的医疗机构 × 批次 × 品种 × 协议年度在约定量完成进度表中都有一行
-- severity: error
select distinct volumes.hospital_code, volumes.batch_id, volumes.generic_name, volumes.dosage_form, volumes.year_index
from int_agreed_volumes as volumes
where volumes.holder_kind = 'hospital'
    and volumes.product_key is not null
    and volumes.agreed_qty_min > 0
    and not exists (
        select 1
        from volume_progress as progress
        where progress.hospital_code = volumes.hospital_code
            and progress.batch_id = volumes.batch_id
            and progress.generic_name = volumes.generic_name
            and progress.dosage_form is not distinct from volumes.dosage_form
            and progress.year_index = volumes.year_index
    )

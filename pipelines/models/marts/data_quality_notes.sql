-- 数据质量说明: every derived value a model could not trust, with the row it came from and the reason. Such a value
-- is NULL in the models (a pack text with contradictory counts, a strength beyond 1 kg, a 差比价 ratio beyond
-- 1000×), except a file's own conversion ratio that its pack text contradicts by more than 10×, which is kept
-- (the file's ratio wins) and flagged here and by `jicai check`. The reasons come from the same macros the
-- staging models derive the values with (macros.sql), so a note and the NULL it explains cannot disagree.
-- Order lines are noted once per load and product text (their parsing happens there, in int_order_months).
with

listings as (
    select * from raw_listing_prices
),

results as (
    select * from raw_batch_results
),

volumes as (
    select * from raw_agreed_volumes
),

nrdl as (
    select * from raw_nrdl
),

order_texts as (
    select load_id, pack, conversion_note, sum(lines) as lines
    from int_order_months
    where conversion_note is not null
    group by all
),

cross_spec as (
    select * from int_listing_cross_spec where cross_spec_note is not null
),

-- one candidate note per row and derived column; the reason is NULL where the value was trusted
candidates as (
    select 'stg_listing_prices' as model, 'listing-prices' as source, load_id, source_file, sheet, source_row,
        'conversion_ratio' as column_name, concat_ws('；', '包装：' || pack, '转换比：' || conversion_ratio) as value,
        jm_conversion(conversion_ratio, pack).note as reason, 1 as rows
    from listings
    union all
    select 'stg_listing_prices', 'listing-prices', load_id, source_file, sheet, source_row,
        'content_amount', spec, jm_content_parse(spec).note, 1
    from listings
    union all
    select 'stg_listing_prices', 'listing-prices', load_id, source_file, sheet, source_row,
        'fill_ml', spec, jm_fill_parse(spec).note, 1
    from listings
    union all
    select 'stg_batch_results', 'batch-results', load_id, source_file, sheet, source_row,
        'conversion_ratio', concat_ws('；', '包装：' || pack, '转换比：' || conversion_ratio),
        jm_conversion(conversion_ratio, pack).note, 1
    from results
    union all
    select 'stg_batch_results', 'batch-results', load_id, source_file, sheet, source_row,
        'content_amount', spec, jm_content_parse(spec).note, 1
    from results
    union all
    select 'stg_batch_results', 'batch-results', load_id, source_file, sheet, source_row,
        'fill_ml', spec, jm_fill_parse(spec).note, 1
    from results
    union all
    select 'stg_agreed_volumes', 'agreed-volumes', load_id, source_file, sheet, source_row,
        'content_amount', spec, jm_content_parse(spec).note, 1
    from volumes
    union all
    select 'stg_agreed_volumes', 'agreed-volumes', load_id, source_file, sheet, source_row,
        'year_index', cast(year_index as varchar),
        case when not coalesce(year_index, 1) between 1 and 20 then '协议年度不在 1–20 之间，不计入任何协议年度' end, 1
    from volumes
    union all
    select 'stg_nrdl', 'nrdl', load_id, source_file, sheet, source_row,
        'standard_pack_count', standard_unit,
        case when len(jm_pack_terms(standard_unit)) > 0 then jm_pack_parse(standard_unit).note end, 1
    from nrdl
    union all
    select 'stg_nrdl', 'nrdl', load_id, source_file, sheet, source_row,
        'content_amount', standard_unit, jm_content_parse(standard_unit).note, 1
    from nrdl
    union all
    select 'int_order_months', 'orders', order_texts.load_id, load_log.file, load_log.sheet, null,
        'conversion_ratio', order_texts.pack, order_texts.conversion_note, order_texts.lines
    from order_texts
    left join load_log using (load_id)
    union all
    select 'int_listing_cross_spec', 'listing-prices', null, null, null, null,
        'cross_spec_limit', concat_ws(' ', province, generic_name, dosage_form, spec, pack, enterprise),
        cross_spec_note, 1
    from cross_spec
),

final as (
    select
        model,                 -- the model that derives the value
        source,                -- the source the row came from
        load_id,
        source_file as file,
        sheet,
        source_row,            -- the row in the file (NULL for order lines, noted per product text)
        column_name,           -- the derived column left NULL (or flagged)
        value,                 -- the text it was derived from
        reason,
        rows::bigint as rows   -- rows the note covers (order lines of the product text)
    from candidates
    where reason is not null
)

select * from final
order by model, column_name, load_id, source_row, value

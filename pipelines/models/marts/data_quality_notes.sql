-- 数据质量说明: every derived value a model could not trust, with the row it came from and the reason. Such a value
-- is NULL in the models (a pack text with contradictory counts, a strength beyond 1 kg, a 差比价 ratio beyond
-- 1000×), except a file's own conversion ratio that its pack text contradicts by more than 10×, which is kept
-- (the file's ratio wins) and flagged here and by `jicai check`. The reasons come from the same macros the
-- staging models derive the values with (macros.sql), so a note and the NULL it explains cannot disagree. Each
-- distinct text is parsed once, then the rows that carry a noted text are listed. Order lines are noted once per
-- load and product text (their parsing happens there, in int_order_months); load_log has the file of a load.
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

-- the pack texts (with the file's own ratio) and spec texts whose derived value is not trusted, and why
pack_notes as (
    select *
    from (
        select conversion_ratio, pack, jc_conversion(conversion_ratio, pack).note as reason
        from (
            select conversion_ratio, pack from listings
            union
            select conversion_ratio, pack from results
        )
    )
    where reason is not null
),

spec_notes as (
    select spec, jc_content_parse(spec).note as content_reason, jc_fill_parse(spec).note as fill_reason
    from (
        select spec from listings
        union
        select spec from results
        union
        select spec from volumes
        union
        select standard_unit from nrdl
    )
    where spec is not null
        and (jc_content_parse(spec).note is not null or jc_fill_parse(spec).note is not null)
),

standard_unit_notes as (
    select standard_unit, jc_pack_parse(standard_unit).note as reason
    from (select distinct standard_unit from nrdl)
    where array_length(jc_pack_terms(standard_unit)) > 0
),

-- one candidate note per row and derived column; the reason is NULL where the value was trusted
candidates as (
    select
        'stg_listing_prices' as model, 'listing-prices' as source, load_id, source_file, sheet, source_row,
        'conversion_ratio' as column_name,
        concat_ws('；', '包装：' || listings.pack, '转换比：' || listings.conversion_ratio) as value,
        pack_notes.reason, 1 as rows
    from listings
    inner join pack_notes
        on listings.conversion_ratio is not distinct from pack_notes.conversion_ratio
        and listings.pack is not distinct from pack_notes.pack
    union all
    select
        'stg_listing_prices', 'listing-prices', load_id, source_file, sheet, source_row,
        'content_amount', spec, spec_notes.content_reason, 1
    from listings
    inner join spec_notes using (spec)
    union all
    select
        'stg_listing_prices', 'listing-prices', load_id, source_file, sheet, source_row,
        'fill_ml', spec, spec_notes.fill_reason, 1
    from listings
    inner join spec_notes using (spec)
    union all
    select
        'stg_batch_results', 'batch-results', load_id, source_file, sheet, source_row,
        'conversion_ratio', concat_ws('；', '包装：' || results.pack, '转换比：' || results.conversion_ratio),
        pack_notes.reason, 1
    from results
    inner join pack_notes
        on results.conversion_ratio is not distinct from pack_notes.conversion_ratio
        and results.pack is not distinct from pack_notes.pack
    union all
    select
        'stg_batch_results', 'batch-results', load_id, source_file, sheet, source_row,
        'content_amount', spec, spec_notes.content_reason, 1
    from results
    inner join spec_notes using (spec)
    union all
    select
        'stg_batch_results', 'batch-results', load_id, source_file, sheet, source_row,
        'fill_ml', spec, spec_notes.fill_reason, 1
    from results
    inner join spec_notes using (spec)
    union all
    select
        'stg_agreed_volumes', 'agreed-volumes', load_id, source_file, sheet, source_row,
        'content_amount', spec, spec_notes.content_reason, 1
    from volumes
    inner join spec_notes using (spec)
    union all
    select
        'stg_agreed_volumes', 'agreed-volumes', load_id, source_file, sheet, source_row,
        'year_index', cast(year_index as varchar), '协议年度不在 1–20 之间，不计入任何协议年度', 1
    from volumes
    where not coalesce(year_index, 1) between 1 and 20
    union all
    select
        'stg_nrdl', 'nrdl', load_id, source_file, sheet, source_row,
        'standard_pack_count', standard_unit, standard_unit_notes.reason, 1
    from nrdl
    inner join standard_unit_notes using (standard_unit)
    union all
    select
        'stg_nrdl', 'nrdl', load_id, source_file, sheet, source_row,
        'content_amount', standard_unit, spec_notes.content_reason, 1
    from nrdl
    inner join spec_notes on nrdl.standard_unit = spec_notes.spec
    union all
    select
        'int_order_months', 'orders', load_id, null, null, null,
        'conversion_ratio', pack, conversion_note, lines
    from order_texts
    union all
    select
        'int_listing_cross_spec', 'listing-prices', null, null, null, null,
        'cross_spec_limit', concat_ws(' ', province, generic_name, dosage_form, spec, pack, enterprise, product_code),
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
        source_row,            -- the row in the file (NULL for order lines, noted per load and product text)
        column_name,           -- the derived column left NULL (or flagged)
        value,                 -- the text it was derived from
        reason,
        rows::bigint as rows   -- rows the note covers (order lines of the product text)
    from candidates
    where reason is not null
)

select * from final

-- Domain parsing used by the models, as persistent macros (the site opens the warehouse read-only and may
-- query the views, so these cannot be temp macros). Created at every refresh, before the models.
-- Text in the raw tables is already cleaned: the loader's jc_text (pipelines/clean/macros.sql) turns full-width
-- digits, letters and punctuation half-width in every cell, so the patterns below need only the half-width forms.

-- Minimum units per pack from pack text: the product of every count followed by a count unit.
-- '7片/盒' → 7, '10支×1盒' → 10, '12粒×2板/盒' → 24, '0.25g×24片' → 24; no count → NULL.
create or replace macro jc_pack_count_list(pack) as
list_transform(
    regexp_extract_all(
        pack,
        '(\d+(?:\.\d+)?)\s*(?:片|粒|支|袋|瓶|丸|贴|枚|板|盒|包|只|个|揿|喷|条|套|卷|块|颗|张|副|根)',
        1
    ),
    x -> cast(x as decimal(18, 6))
);
create or replace macro jc_pack_count(pack) as
case
    when len(jc_pack_count_list(pack)) > 0
        then list_reduce(jc_pack_count_list(pack), (a, b) -> cast(a * b as decimal(18, 6)), cast(1 as decimal(18, 6)))
end;

-- Is a quantity or price unit a pack (盒, 箱 …) rather than a minimum unit (片, 支, 袋 …)? Unknown → pack,
-- the platform's ordering unit.
create or replace macro jc_is_pack_unit(unit) as
unit is null or trim(unit) in ('盒', '箱', '件', '包装', '提', '最小包装', '包装单位', 'box', 'pack');

-- Strength (含量) of a spec in a canonical unit: mass in mg, activity in IU. '10mg' → 10, '0.5g' → 500,
-- '5ml:0.1g' → 100, '100万单位' → 1000000. A bare fill volume ('10ml') has no content.
create or replace macro jc_content_match(spec) as
regexp_extract(
    spec, '(\d+(?:\.\d+)?)\s*(mg|μg|µg|ug|mcg|g|毫克|微克|克|万IU|万iu|万单位|IU|iu|单位|U)(?:[^a-zA-Z]|$)', ['amount', 'unit']
);
create or replace macro jc_content(spec) as
try_cast(jc_content_match(spec).amount as double) * case jc_content_match(spec).unit
    when 'g' then 1000 when '克' then 1000
    when 'mg' then 1 when '毫克' then 1
    when 'μg' then 0.001 when 'µg' then 0.001 when 'ug' then 0.001 when 'mcg' then 0.001 when '微克' then 0.001
    when '万IU' then 10000 when '万iu' then 10000 when '万单位' then 10000
    when 'IU' then 1 when 'iu' then 1 when '单位' then 1 when 'U' then 1
end;
create or replace macro jc_content_unit(spec) as
case
    when jc_content_match(spec).unit in ('g', '克', 'mg', '毫克', 'μg', 'µg', 'ug', 'mcg', '微克') then 'mg'
    when jc_content_match(spec).unit in ('万IU', '万iu', '万单位', 'IU', 'iu', '单位', 'U') then 'IU'
end;

-- Fill volume (装量) in ml: '5ml:0.1g' → 5, '100ml' → 100, '1L' → 1000.
create or replace macro jc_fill_ml(spec) as
try_cast(regexp_extract(spec, '(\d+(?:\.\d+)?)\s*(?:ml|mL|ML|毫升)', 1) as double);

-- Price-difference coefficient K = base^log2(x) (发改价格〔2011〕2452号); 1 when x is unknown.
create or replace macro jc_difference_k(base, x) as
case when x is null or x <= 0 then 1.0 else pow(base, log2(x)) end;

-- NHSA code shapes: western drug X + 22, Chinese patent drug Z + 19, consumable C + 19 or 26.
create or replace macro jc_code_kind(code) as
case
    when code is null then null
    when regexp_full_match(code, 'X[A-Z0-9]{22}') then '西药'
    when regexp_full_match(code, 'Z[A-Z0-9]{19}') then '中成药'
    when regexp_full_match(code, 'C[A-Z0-9]{19}') or regexp_full_match(code, 'C[A-Z0-9]{26}') then '耗材'
    else '编码格式不符'
end;

-- Does a decimal fit DECIMAL(18,6) exactly: under 10^12 and at most 6 places? Every quantity, price and amount
-- of one row does; the macros below take DuckDB's 64-bit path for such values.
create or replace macro jc_fits(x) as
coalesce(try_cast(x as decimal(18, 6)) = x, false);

-- Integer and fraction of a value that fits (jc_fits), each with the value's sign.
create or replace macro jc_int(x) as
cast(trunc(cast(x as decimal(18, 6))) as decimal(38, 0));
create or replace macro jc_frac(x) as
cast(x as decimal(18, 6)) - trunc(cast(x as decimal(18, 6)));

-- Exact product of two decimals, rounded to 6 places (half away from zero), as DECIMAL(38,6). DuckDB keeps
-- DECIMAL(18,6) × DECIMAL(18,6) at width 18 and overflows above 10^6, and rounding a 128-bit product costs a
-- long division (about 1 µs a value, most of a mart's time). So for values that fit, a × b is split as
-- int(a) × b + frac(a) × int(b) + frac(a) × frac(b): the first two terms are exact at 6 places, only the last,
-- below 1, is rounded, in 64 bits, and all three carry the product's sign, so the sum rounds as a × b does.
create or replace macro jc_mul(a, b) as
case
    when jc_fits(a) and jc_fits(b)
        then jc_int(a) * cast(b as decimal(18, 6)) + jc_frac(a) * jc_int(b)
            + cast(jc_frac(a) * jc_frac(b) as decimal(18, 6))
    else cast(cast(a as decimal(38, 6)) * b as decimal(38, 6))
end;

-- A money value rounded to fen (2 places) or to 4 places, as DECIMAL(38,2) / DECIMAL(38,4): the same rounding
-- as a cast, through 64 bits when the value fits.
create or replace macro jc_round2(x) as
case when jc_fits(x) then cast(cast(x as decimal(18, 6)) as decimal(38, 2)) else cast(x as decimal(38, 2)) end;
create or replace macro jc_round4(x) as
case when jc_fits(x) then cast(cast(x as decimal(18, 6)) as decimal(38, 4)) else cast(x as decimal(38, 4)) end;

-- A quotient as DECIMAL(18,6) (DECIMAL / DECIMAL is DOUBLE in DuckDB); NULL when dividing by 0 or NULL.
create or replace macro jc_div(a, b) as
case when b is null or b = 0 then null else cast(a / b as decimal(18, 6)) end;

-- Quantity factor to the main spec of a variety by strength (10 mg → 0.5 of 20 mg); 1 when either strength is
-- unknown or the units differ (mg vs IU).
create or replace macro jc_strength_factor(content, unit, main_content, main_unit) as
case
    when content > 0 and main_content > 0 and unit = main_unit then cast(content / main_content as decimal(18, 6))
    else cast(1 as decimal(18, 6))
end;

-- Does a dosage form match another? Equal, or either is blank: a row without a form belongs to every form of
-- its generic name (an agreed volume, order or listing that names only 阿托伐他汀).
create or replace macro jc_forms_match(a, b) as
a is null or b is null or a = b;

-- Province names without their suffix, so 河北, 河北省 and 河北省医保局's list entry 河北 compare equal.
create or replace macro jc_province(p) as
regexp_replace(trim(p), '(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$', '');

-- Is a province in a supply-province list ('河北、山西,内蒙古'; '全国' = everywhere)? NULL list → NULL.
create or replace macro jc_in_province_list(province, list) as
case
    when list is null then null
    when list like '%全国%' then true
    else list_contains(
            list_transform(regexp_split_to_array(trim(list), '\s*[、,，;；/|\s]\s*'), x -> jc_province(x)),
            jc_province(province)
        )
end;

-- A batch reference reduced for matching: full-width brackets and spaces differ between a sheet name
-- (国家集采…（江川省）) and the same name typed in a cell (国家集采…(江川省)).
create or replace macro jc_batch_key(ref) as
regexp_replace(translate(ref, '（）【】〔〕', '()[][]'), '\s+', '', 'g');

-- Domain parsing used by the models, as persistent macros (the site opens the warehouse read-only and may
-- query the views, so these cannot be temp macros). Created at every refresh, before the models.

-- Text in the raw tables is already cleaned: the loader's jc_text (pipelines/clean/macros.sql) turns full-width
-- digits, letters and punctuation half-width in every cell. The multiplication sign × (U+00D7) is not a
-- full-width form and stays: the pack parsers read it as '*'.
create or replace macro jc_times_ascii(s) as
translate(s, '×', '*');

-- The units a count in pack text may carry ('24片', '10支', '2板'), longer names first. Doses (揿, 喷, 吸, 泡,
-- 滴) and measures (g, ml) are not counts.
create or replace macro jc_count_units() as
'(?:小盒|人份|盒|板|片|粒|丸|支|袋|瓶|贴|枚|包|只|个|条|套|卷|块|颗|张|副|根|管|听|罐|桶|杯|箱|份)';

-- The counts in pack text, in order, each {n, u, per}: '30粒/盒' → 30 粒 per 盒; '每盒2袋' → 2 袋 per 盒;
-- '*72/片' → 72 片; a bare '12粒' has no per. A description of weight ('每100丸重3g') is not a count.
create or replace macro jc_pack_terms(pack) as
list_transform(
    regexp_extract_all(
        regexp_replace(jc_times_ascii(pack), '每\s*\d+(?:\.\d+)?\s*' || jc_count_units(), '', 'g'),
        '每\s*' || jc_count_units() || '\s*(?:装|含)?\s*\d+(?:\.\d+)?\s*' || jc_count_units()
        || '|\d+(?:\.\d+)?\s*' || jc_count_units() || '\s*/\s*' || jc_count_units()
        || '|[*xX]\s*\d+\s*/\s*' || jc_count_units()
        || '|\d+(?:\.\d+)?\s*' || jc_count_units()
    ),
    t -> {
        'n': try_cast(regexp_extract(t, '\d+(?:\.\d+)?') as double),
        'u': case
            when starts_with(t, '每') or not contains(t, '/') or regexp_matches(t, '^[*xX]')
                then regexp_extract(t, '(' || jc_count_units() || ')$', 1)
            else regexp_extract(t, '^\d+(?:\.\d+)?\s*(' || jc_count_units() || ')', 1)
        end,
        'per': case
            when starts_with(t, '每') then regexp_extract(t, '^每\s*(' || jc_count_units() || ')', 1)
            when contains(t, '/') and not regexp_matches(t, '^[*xX]')
                then regexp_extract(t, '/\s*(' || jc_count_units() || ')$', 1)
        end
    }
);

-- What one "n u per sale unit" term counts: {n, unit}. n of u when u is the minimum unit; n × the count per u
-- when the text says what a u holds ('10片/板、3板/盒' → 30 片, '12粒×2板/盒' → 24 粒); n NULL when a 板 says
-- nothing of what it holds, or what a u holds is said twice differently. `prev` is the term before it.
create or replace macro jc_pack_term_count(terms, term, prev, sale_unit) as
list_transform(
    [list_distinct(list_filter(terms, p -> p.per = term.u and p.u not in (term.u, sale_unit, '板')))],
    held -> case
        when term.u = sale_unit then { 'n': term.n, 'unit': term.u }
        when array_length(held) = 1 then { 'n': term.n * held[1].n, 'unit': held[1].u }
        when array_length(held) > 1 then { 'n': null, 'unit': term.u }
        when term.u = '板' and prev.per is null and prev.u not in ('板', sale_unit)
            then { 'n': term.n * prev.n, 'unit': prev.u }
        when term.u = '板' then { 'n': null, 'unit': term.u }
        else { 'n': term.n, 'unit': term.u }
    end
)[1];

-- The count per sale unit from what its terms count: the one count they all give; else, when they count different
-- units and the solid doses among them (片, 粒, 丸 …) agree, that count ('0.6g/瓶×6瓶/板×2板/盒)×240丸/盒': 12 瓶
-- or 240 丸 → 240); else -1 (contradictory or unresolved).
create or replace macro jc_solid_doses(counts) as
list_filter(counts, c -> c.unit in ('片', '粒', '丸', '贴', '枚', '颗'));
create or replace macro jc_pack_agreed_count(counts) as
case
    when list_bool_or(list_transform(counts, c -> c.n is null)) then -1
    when array_length(list_distinct(list_transform(counts, c -> c.n))) = 1 then counts[1].n
    when array_length(list_distinct(list_transform(jc_solid_doses(counts), c -> c.n))) = 1
        and array_length(list_distinct(list_transform(counts, c -> c.unit))) = array_length(list_distinct(counts))
        then jc_solid_doses(counts)[1].n
    else -1
end;

-- Conversion ratio (minimum units per sale unit) from pack text, with the reason when there is none:
-- {count, note}. The sale unit is the outermost "/unit" ('×30粒/盒' → 盒, '每盒2袋，每袋4支' → 盒); every term
-- counting per sale unit must give the same count ('10粒/板、3板/盒×30粒/盒' → 30). Text with no per-unit term
-- counts its bare terms: one ('24片'), a count of minimum units times containers ('12粒×2板', '10支×1盒'), or a
-- text that names only its unit ('100ml/瓶' → 1). A count must be a whole number from 1 to 10000. Each
-- list_transform([x], name -> …)[1] names a value computed once.
create or replace macro jc_pack_parse(pack) as
list_transform(
    [jc_pack_terms(pack)], terms ->
    list_transform(
        [list_filter(terms, t -> t.per is not null)], pers ->
        list_transform([coalesce(
            list_filter(pers, t -> array_length(list_filter(pers, q -> q.u = t.per and q.per <> t.per)) = 0)[-1].per,
            pers[-1].per
        )], sale_unit ->
        list_transform([
            case
                when pack is null then null
                when array_length(pers) > 0
                    then list_transform([list_distinct(list_transform(
                            list_filter(
                                list_transform(terms, (t, i) -> { 't': t, 'prev': terms[i - 1] }),
                                x -> x.t.per = sale_unit
                            ),
                            x -> jc_pack_term_count(terms, x.t, x.prev, sale_unit)
                        ))], counts -> jc_pack_agreed_count(counts))[1]
                when
                    array_length(terms) = 0
                    and regexp_matches(jc_times_ascii(pack), '\d.*/\s*' || jc_count_units() || '\s*$')
                    then 1
                when array_length(list_distinct(terms)) = 1 then terms[1].n
                when array_length(terms) > 1 and terms[1].u not in ('板', '盒', '小盒', '箱')
                    and array_length(list_filter(terms[2:], t -> t.u not in ('板', '盒', '小盒', '箱'))) = 0
                    and array_length(list_distinct(list_transform(terms, t -> t.u))) = array_length(terms)
                    then list_reduce(list_transform(terms, t -> t.n), (a, b) -> a * b)
                else -1
            end
        ], count -> {
            'count': case
                when count between 1 and 10000 and count = floor(count) then cast(count as decimal(18, 6))
            end,
            'note': case
                when pack is null or (count between 1 and 10000 and count = floor(count)) then null
                when array_length(terms) = 0 then '包装文字中没有数量，无法得出转换比'
                when count = -1 then '包装文字中的数量互相矛盾或说不清每个包装单位有多少最小单位，无法得出转换比'
                else '由包装文字得出的转换比不是 1–10000 的整数'
            end
        })[1])[1]
    )[1]
)[1];

create or replace macro jc_pack_count(pack) as jc_pack_parse(pack).count;

-- Is a value a plausible count of minimum units per pack: a whole number from 1 to 10000?
create or replace macro jc_is_count(x) as
coalesce(x between 1 and 10000 and x = floor(x), false);

-- The conversion ratio the models use, as {ratio, note}: the file's own 转换比 when it is a plausible count (a
-- note when the pack text says otherwise by more than 10×, which `jicai check` reports), else the count read
-- from the pack text; the note says why a ratio is missing or was not the file's.
create or replace macro jc_conversion(file_ratio, pack) as
list_transform(
    [jc_pack_parse(pack)], parsed ->
    case
        when file_ratio is null then { 'ratio': parsed.count, 'note': parsed.note }
        when jc_is_count(
                file_ratio
            )
            then {
                    'ratio': cast(file_ratio as decimal(18, 6)),
                    'note': case when greatest(file_ratio / parsed.count, parsed.count / file_ratio) > 10
                            then '文件中的转换比与包装文字中的数量相差超过 10 倍'
                    end
                }
        else {
                'ratio': parsed.count,
                'note': '文件中的转换比不是 1–10000 的整数'
                || case when parsed.count is not null then '，改用包装文字中的数量' else '，包装文字也无法得出转换比' end
            }
    end
)[1];

-- Is a quantity or price unit a pack (盒, 箱 …) rather than a minimum unit (片, 支, 袋 …)? Unknown → pack,
-- the platform's ordering unit.
create or replace macro jc_is_pack_unit(unit) as
unit is null or trim(unit) in ('盒', '箱', '件', '包装', '提', '最小包装', '包装单位', 'box', 'pack');

-- Spec text as the strength and volume parsers read it (already half-width, jc_text): × as '*', every ratio
-- colon as ':'.
create or replace macro jc_spec_text(spec) as
translate(spec, '×∶︰', '*::');

-- The mass and activity units a strength is written in, as a regular expression; jc_content_scale maps each to
-- mg (mass) or IU (activity).
create or replace macro jc_content_units() as
'(?:AXaIU|mg|μg|µg|ug|mcg|g|毫克|微克|克|万IU|万iu|万单位|IU|iu|单位|U)';
create or replace macro jc_content_scale(unit) as
case unit
    when 'g' then { 'factor': 1000, 'unit': 'mg' } when '克' then { 'factor': 1000, 'unit': 'mg' }
    when 'mg' then { 'factor': 1, 'unit': 'mg' } when '毫克' then { 'factor': 1, 'unit': 'mg' }
    when 'μg' then { 'factor': 0.001, 'unit': 'mg' } when 'µg' then { 'factor': 0.001, 'unit': 'mg' }
    when 'ug' then { 'factor': 0.001, 'unit': 'mg' } when 'mcg' then { 'factor': 0.001, 'unit': 'mg' }
    when '微克' then { 'factor': 0.001, 'unit': 'mg' }
    when '万IU' then { 'factor': 10000, 'unit': 'IU' } when '万iu' then { 'factor': 10000, 'unit': 'IU' }
    when '万单位' then { 'factor': 10000, 'unit': 'IU' }
    when 'AXaIU' then { 'factor': 1, 'unit': 'IU' }
    when 'IU' then { 'factor': 1, 'unit': 'IU' } when 'iu' then { 'factor': 1, 'unit': 'IU' }
    when '单位' then { 'factor': 1, 'unit': 'IU' } when 'U' then { 'factor': 1, 'unit': 'IU' }
end;

-- Every amount in a spec, in order, as {prev, amount, unit, pills, tail}: the character before it (a name such
-- as 葡萄糖 marks a component), the number and unit (mass, activity or volume), the pill count of a weight of
-- several pills ('每10丸重1.85g', '2g/10丸' → 10) and what follows it: ':' (a preparation and what it contains,
-- '5ml:0.1g') or '/ml' (a concentration, '20mg/ml').
create or replace macro jc_spec_amounts(spec) as
list_transform(
    regexp_extract_all(
        jc_spec_text(spec),
        '(?:每\s*\d+\s*(?:丸|粒|片)\s*重|[^\d.])?\s*\d+(?:\.\d+)?\s*(?:' || jc_content_units() || '|ml|mL|ML|毫升)'
        || '(?:\s*/\s*(?:\d+\s*(?:丸|粒|片)|ml|mL|ML|L|g|kg|克|毫升)|\s*:)?'
    ),
    m -> regexp_extract(
        m,
        '^(每\s*\d+\s*(?:丸|粒|片)\s*重|[^\d.]|)\s*(\d+(?:\.\d+)?)\s*(' || jc_content_units() || '|ml|mL|ML|毫升)'
        || '(\s*/\s*(?:\d+\s*(?:丸|粒|片)|ml|mL|ML|L|g|kg|克|毫升)|\s*:)?$',
        ['prev', 'amount', 'unit', 'tail']
    )
);

-- The amount a spec states per minimum unit, as {value, unit} in mg or IU. The first amount that is not a
-- concentration leads: a volume or a weight in g followed by ':' is a preparation and the strength is what it
-- holds ('5ml:0.1g' → 0.1g, '10g:0.2g' → 0.2g), unless it is a named component or a ratio of components
-- ('对乙酰氨基酚0.25g:无水咖啡因50mg' → 0.25g, '200mg:28.5mg(7:1)' → 200mg); a weight in g followed later by
-- such a preparation is a tube of it ('20g/支(10g:10mg)' → 20 mg), unless the two parts add up to the weight
-- (components: '0.75g(0.5g:0.25g)' → 750 mg); a weight of several pills is divided ('每10丸重1.85g',
-- '2g/10丸' → 185 mg, 200 mg); else the first mass or activity counts. Volumes and concentrations are never a
-- strength.
create or replace macro jc_content_amount(spec) as
list_transform(
    [list_filter(jc_spec_amounts(spec), a -> not regexp_matches(a.tail, '/\s*(?:ml|mL|ML|L|g|kg|克|毫升)$'))], amounts ->
    list_transform(
        [list_filter(amounts, a -> a.unit not in ('ml', 'mL', 'ML', '毫升'))], masses ->
        list_transform([
            case
                when array_length(amounts) = 0 or array_length(masses) = 0 then null
                when trim(amounts[1].tail) = ':'
                    and (
                        amounts[1].unit in ('ml', 'mL', 'ML', '毫升')
                        or (amounts[1].unit in ('g', '克') and not regexp_matches(amounts[1].prev, '\p{Han}'))
                    )
                    then list_filter(masses, a -> list_position(amounts, a) > 1)[1]
                else masses[1]
            end
        ], lead ->
        -- the first preparation after the lead: a weight in g, ':', and the mass or activity it holds
        list_transform([list_filter(
            list_transform(amounts, (a, i) -> { 'prep': a, 'held': amounts[i + 1], 'at': i }),
            p -> p.at > 1 and trim(p.prep.tail) = ':' and p.prep.unit in ('g', '克')
            and p.held.unit not in ('ml', 'mL', 'ML', '毫升')
        )[1]], pair ->
        list_transform([{
            'lead': try_cast(lead.amount as double) * jc_content_scale(lead.unit).factor,
            'prep': try_cast(pair.prep.amount as double) * 1000,
            'held': try_cast(pair.held.amount as double) * jc_content_scale(pair.held.unit).factor
        }], mg -> case
            when lead is null then null
            when list_position(amounts, lead) = 1
                and lead.unit in ('g', '克')
                and trim(lead.tail) <> ':'
                and pair is not null
                and abs(mg.prep + mg.held - mg.lead) > 1e-6 * mg.lead
                then { 'value': mg.lead * mg.held / mg.prep, 'unit': jc_content_scale(pair.held.unit).unit }
            else {
                    'value': mg.lead
                    / coalesce(
                        try_cast(
                            nullif(regexp_extract(lead.prev || ' ' || lead.tail, '(\d+)\s*(?:丸|粒|片)', 1), '') as double
                        ),
                        1
                    ),
                    'unit': jc_content_scale(lead.unit).unit
                }
        end)[1])[1])[1]
    )[1]
)[1];

-- Strength (含量) of a spec as {amount, unit, note}: mass in mg, activity in IU. '10mg' → 10 mg, '0.5g' → 500 mg,
-- '5ml:0.1g' → 100 mg, '100万单位' → 1000000 IU; a bare fill volume ('10ml') has none. A spec naming several
-- strengths ('规格10mg,规格20mg') or an amount outside 0.001 μg – 1 kg (0.001 – 10^10 IU) gives NULL with the
-- reason.
create or replace macro jc_content_parse(spec) as
list_transform(
    [jc_content_amount(spec)], c ->
    case
        when c is null then { 'amount': null, 'unit': null, 'note': null }
        when regexp_matches(spec, '规格.*规格')
            then
                { 'amount': null, 'unit': null, 'note': '规格文字列出了多个规格，无法确定含量' }
        when c.unit = 'mg' and c.value between 1e-6 and 1e6 or c.unit = 'IU' and c.value between 1e-3 and 1e10
            then
                { 'amount': c.value, 'unit': c.unit, 'note': null }
        else { 'amount': null, 'unit': null, 'note': '规格文字中的含量超出合理范围（0.001 微克至 1 千克，或 0.001 至 10^10 单位）' }
    end
)[1];
create or replace macro jc_content(spec) as jc_content_parse(spec).amount;
create or replace macro jc_content_unit(spec) as jc_content_parse(spec).unit;

-- Fill volume (装量) in ml as {ml, note}: the first volume ('5ml:0.1g' → 5, '100ml' → 100, '2L/袋' → 2000; an L
-- that names a material, '316L不锈钢', is none); a volume beyond 100 L gives NULL with the reason.
create or replace macro jc_fill_parse(spec) as
list_transform([regexp_extract(
    jc_spec_text(spec),
    '(\d+(?:\.\d+)?)\s*(?:(ml|mL|ML|毫升)(?:[^a-zA-Z]|$)|(L|升)(?:[/:)）\s,，;；]|$))', ['amount', 'ml', 'litre']
)], v ->
list_transform(
    [try_cast(nullif(v.amount, '') as double) * case when v.litre <> '' then 1000 else 1 end], ml ->
    case
        when ml is null then { 'ml': null, 'note': null }
        when ml > 0 and ml <= 100000 then { 'ml': ml, 'note': null }
        else { 'ml': null, 'note': '规格文字中的装量超出合理范围（大于 0，至多 100 升）' }
    end
)[1])[1];
create or replace macro jc_fill_ml(spec) as jc_fill_parse(spec).ml;

-- Complete years from start_date to end_date (0 before the first anniversary), counted as the models add years:
-- an anniversary of 29 February falls on 28 February. The same on every engine, unlike date_sub('year', …).
create or replace macro jc_full_years(start_date, end_date) as
year(end_date) - year(start_date)
- case when cast(start_date + to_years(year(end_date) - year(start_date)) as date) > end_date then 1 else 0 end;

-- Price-difference coefficient K = base^log2(x) (发改价格〔2011〕2452号); 1 when x is unknown. A ratio beyond
-- 1000× either way compares specs no rule compares (it comes from a wrong strength or count): NULL.
create or replace macro jc_difference_k(base, x) as
case
    when x is null or x <= 0 then 1.0
    when x < 0.001 or x > 1000 then null
    else pow(base, log2(x))
end;

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
-- A product beyond DECIMAL(38,6) (10^32) is NULL, not an overflow error.
create or replace macro jc_mul(a, b) as
case
    when jc_fits(a) and jc_fits(b)
        then jc_int(a) * cast(b as decimal(18, 6)) + jc_frac(a) * jc_int(b)
            + cast(jc_frac(a) * jc_frac(b) as decimal(18, 6))
    when abs(cast(a as double) * cast(b as double)) < 1e31 then cast(cast(a as decimal(38, 6)) * b as decimal(38, 6))
end;

-- A money value rounded to fen (2 places) or to 4 places, as DECIMAL(38,2) / DECIMAL(38,4): the same rounding
-- as a cast, through 64 bits when the value fits.
create or replace macro jc_round2(x) as
case when jc_fits(x) then cast(cast(x as decimal(18, 6)) as decimal(38, 2)) else cast(x as decimal(38, 2)) end;
create or replace macro jc_round4(x) as
case when jc_fits(x) then cast(cast(x as decimal(18, 6)) as decimal(38, 4)) else cast(x as decimal(38, 4)) end;

-- A quotient as DECIMAL(18,6), exact and rounded half away from zero; NULL when dividing by 0 or NULL, or when
-- the quotient does not fit (10^12 and more). DuckDB divides decimals as DOUBLE, and a double rounds to 6 places
-- differently from engines that divide decimals exactly (Spark), so the quotient is computed in 128-bit integers:
-- round(a / b) = (2|a| + |b|) // 2|b|.
create or replace macro jc_scaled6(x) as
abs(cast(cast(x as decimal(38, 6)) * 1000000 as hugeint));
create or replace macro jc_div(a, b) as
case
    when b is null or b = 0 then null
    else try_cast(
            cast(
                sign(a)
                * sign(b)
                * ((2 * jc_scaled6(a) * 1000000 + jc_scaled6(b)) // (2 * jc_scaled6(b))) as decimal(38, 0)
            )
            * cast(0.000001 as decimal(7, 6))
            as decimal(18, 6)
        )
end;

-- Quantity factor to the main spec of a variety by strength (10 mg → 0.5 of 20 mg); 1 when either strength is
-- unknown or the units differ (mg vs IU); NULL when one strength is more than 1000× the other (no variety's specs
-- differ so much: one strength was misread).
create or replace macro jc_strength_factor(content, unit, main_content, main_unit) as
case
    when content > 0 and main_content > 0 and unit = main_unit
        then case
                when content / main_content between 0.001 and 1000 then cast(content / main_content as decimal(18, 6))
            end
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

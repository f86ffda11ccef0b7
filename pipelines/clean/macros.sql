-- Cell cleaning rules shared by every source, as DuckDB macros.
-- jc_text(raw) cleans a raw cell once (full-width forms, trimming, null markers → NULL); the jc_to_* macros
-- then type the cleaned text. A non-blank cell that comes back NULL from a jc_to_* macro is a parse failure,
-- and the loader rejects the row naming the column. The loader computes jc_text once per cell in an inner
-- projection; jc_<type>(raw) wrappers at the end are for ad-hoc SQL and tests.

-- Full-width ASCII (１２３，ＡＢＣ) and the ideographic space to their half-width forms. translate() costs
-- ~25 µs a call on CJK text, so only text that holds a full-width character goes through it.
create or replace temp macro jc_halfwidth(s) as
case
    when strlen(s) = length(s) then s
    when not regexp_matches(s, '[！-～　]') then s
    else translate(
            s,
            '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　',
            '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ '
        )
end;

-- Null markers (-, —, /, 无, N/A …) as NULL; runs of white space (tabs, line breaks) as one space, trimmed.
-- Takes space-trimmed text.
create or replace temp macro jc_marker_to_null(t) as
case
    -- list_contains, not IN: DuckDB's in_clause optimizer turns a long IN list into a hash join per use,
    -- which tripled the cost of typing an order file (and kept unused columns alive).
    when list_contains(
            [
                '',
                '-',
                '--',
                '---',
                '—',
                '——',
                '–',
                '/',
                '\\',
                '无',
                '空',
                'null',
                'NULL',
                'Null',
                'N/A',
                'n/a',
                'NA',
                '#N/A',
                'nan',
                'NaN'
            ],
            t
        )
        then null
    else t
end;
create or replace temp macro jc_null_marker(t) as
case
    when contains(t, '  ') or contains(t, chr(9)) or contains(t, chr(10)) or contains(t, chr(13))
        then jc_marker_to_null(trim(regexp_replace(t, '\s+', ' ', 'g')))
    else jc_marker_to_null(t)
end;

-- Trim, half-width, null markers. The macro repeats its argument, so the loader instead projects
-- jc_trimmed(raw) first and applies jc_null_marker to that column (DuckDB does not share repeated
-- sub-expressions inside a macro).
create or replace temp macro jc_trimmed(s) as trim(jc_halfwidth(s));
create or replace temp macro jc_text(s) as jc_null_marker(jc_trimmed(s));

-- Codes: upper case, no inner spaces.
create or replace temp macro jc_to_code(t) as upper(replace(t, ' ', ''));

-- Numbers: thousands separators, currency signs and a trailing 元 removed; a trailing 万/亿 multiplies (in
-- DECIMAL(38,6), so a product beyond DECIMAL(18,6) is a parse failure, not an overflow error). A comma counts
-- as a thousands separator only where it groups three digits (1,234.50): 2,50 or 1.234,50 (a decimal comma,
-- the European way) would otherwise read as 250 and 1.2345, so such text is no number at all.
create or replace temp macro jc_number_text(t) as
case
    when contains(t, ',') and not regexp_matches(t, '^[^\d,.]*\d{1,3}(,\d{3})+(\.\d+)?[^\d,.]*$') then null
    else regexp_replace(t, '[,¥￥\s]|元$|人民币', '', 'g')
end;
create or replace temp macro jc_to_decimal(t) as
coalesce(
    try_cast(t as decimal(18, 6)),
    case
        when
            jc_number_text(t) like '%万'
            then try_cast(try_cast(rtrim(jc_number_text(t), '万') as decimal(38, 6)) * 10000 as decimal(18, 6))
        when
            jc_number_text(t) like '%亿'
            then try_cast(try_cast(rtrim(jc_number_text(t), '亿') as decimal(38, 6)) * 100000000 as decimal(18, 6))
        else coalesce(
                try_cast(jc_number_text(t) as decimal(18, 6)),
                try_cast(try_cast(jc_number_text(t) as double) as decimal(18, 6))
            )
    end
);

-- Whole numbers, also written 第1年 / 第一年 / 1.0.
create or replace temp macro jc_integer_decimal(t) as
coalesce(
    try_cast(t as decimal(18, 6)),
    try_cast(regexp_replace(translate(t, '一二三四五六七八九', '123456789'), '^第|年$|年度$', '', 'g') as decimal(18, 6))
);
create or replace temp macro jc_to_integer(t) as
case when jc_integer_decimal(t) = floor(jc_integer_decimal(t)) then try_cast(jc_integer_decimal(t) as integer) end;

-- Ratios: 56% → 0.56; 56 → 0.56 (a percentage without its sign); 0.56 stays; above 100 is not a ratio.
create or replace temp macro jc_to_ratio(t) as cast(
    case
        when
            jc_number_text(t) like '%\%%' escape '\'
            then try_cast(rtrim(jc_number_text(t), '%') as decimal(18, 6)) / 100
        when try_cast(jc_number_text(t) as decimal(18, 6)) > 100 then null
        when try_cast(jc_number_text(t) as decimal(18, 6)) > 1 then try_cast(jc_number_text(t) as decimal(18, 6)) / 100
        else try_cast(jc_number_text(t) as decimal(18, 6))
    end as decimal(9, 6)
);

-- Dates: 2024-01-05 first (the common case), then Excel serials (1900 system), 20240105, 2024/1/5, 2024.1.5,
-- 2024年1月5日, with or without a time.
create or replace temp macro jc_date_text(t) as
regexp_replace(regexp_replace(regexp_replace(t, '[ T].*$', ''), '[年月./]', '-', 'g'), '日$', '');
create or replace temp macro jc_to_date(t) as
coalesce(
    try_cast(t as date),
    case
        when regexp_matches(t, '^\d{5}(\.\d+)?$') then (date '1899-12-30' + cast(floor(cast(t as double)) as integer))
        when regexp_matches(t, '^\d{8}$') then try_strptime(t, '%Y%m%d')::date
        else try_strptime(jc_date_text(t), '%Y-%m-%d')::date
    end
);

-- Yes/no: 是/否, Y/N, 中选/未中选, √/×, true/false, 1/0.
create or replace temp macro jc_to_boolean(t) as
case
    when upper(t) in ('是', 'Y', 'YES', 'TRUE', 'T', '1', '中选', '中标', '√', '✓', '有') then true
    when upper(t) in ('否', 'N', 'NO', 'FALSE', 'F', '0', '未中选', '未中标', '落选', '×', '✗', '无') then false
end;

-- Canonical values of enumerated text columns (anything else is returned unchanged and rejected by the loader).
create or replace temp macro jc_hospital_level(t) as
case
    when t ~ '^(三|3).*' then '三级'
    when t ~ '^(二|2).*' then '二级'
    when t ~ '^(一|1).*' then '一级'
    when t ~ '^(未|无).*' then '未定级'
    else t
end;
create or replace temp macro jc_ownership(t) as
case
    when t in ('公立', '公办', '政府办', '公立医院') then '公立'
    when t in ('民营', '私立', '民办', '社会办', '民营医院') then '民营'
    else t
end;
create or replace temp macro jc_institution_kind(t) as
case
    when t ~ '.*(药店|药房).*' then '药店'
    when t ~ '.*(基层|卫生院|卫生室|社区|诊所).*' then '基层'
    when t ~ '.*医院.*' then '医院'
    else t
end;
create or replace temp macro jc_batch_level(t) as
case
    when t ~ '^国家.*' then '国家'
    when t ~ '.*联盟.*' then '省际联盟'
    when t in ('省级', '省', '省级集采') then '省级'
    else t
end;
create or replace temp macro jc_category(t) as
case
    when t in ('药品', '药', '西药', '中成药', '化学药', '生物制品') then '药品'
    when t in ('耗材', '医用耗材', '高值耗材', '低值耗材', '医用耗材类') then '耗材'
    else t
end;
create or replace temp macro jc_supply_role(t) as
case
    when t in ('主供', '主供应', '主供企业') then '主供'
    when t in ('备供', '备供应', '备供企业') then '备供'
    else t
end;
create or replace temp macro jc_channel(t) as
case
    when t in ('带量', '集采', '带量采购', '集中带量采购') then '带量'
    when t in ('挂网', '挂网采购', '网上采购') then '挂网'
    when t in ('线下', '线下采购', '备案采购') then '线下'
    else t
end;

-- Dosage forms as they end a combined name (阿托伐他汀口服常释剂型): longest alternatives first.
create or replace temp macro jc_dosage_form_suffix(t) as
nullif(regexp_extract(
    t,
    '(口服常释剂型|缓释控释剂型|口服液体剂|口服溶液剂|吸入制剂|注射剂|颗粒剂|散剂|丸剂|滴眼剂|贴剂|软膏剂|乳膏剂|凝胶剂|栓剂|气雾剂|喷雾剂|混悬剂|胶囊剂|片剂|缓释片|肠溶片|分散片|胶囊|注射液|片)$', 1
), '');

-- Raw-cell conveniences for ad-hoc SQL: clean, then type.
create or replace temp macro jc_code(s) as jc_to_code(jc_text(s));
create or replace temp macro jc_decimal(s) as jc_to_decimal(jc_text(s));
create or replace temp macro jc_integer(s) as jc_to_integer(jc_text(s));
create or replace temp macro jc_ratio(s) as jc_to_ratio(jc_text(s));
create or replace temp macro jc_date(s) as jc_to_date(jc_text(s));
create or replace temp macro jc_boolean(s) as jc_to_boolean(jc_text(s));
-- 信用评级: the four levels of the 2020 rules (一般/中等/严重/特别严重) and the three of the 2025 revision
-- (失信/严重失信/特别严重失信), as files write them: 一般失信 → 一般, 严重（失信） → 严重失信.
create or replace temp macro jc_credit_level_text(t) as regexp_replace(t, '[\s()（）]', '', 'g');
create or replace temp macro jc_credit_level(t) as
case
    when jc_credit_level_text(t) in ('一般', '一般失信') then '一般'
    when jc_credit_level_text(t) in ('中等', '中等失信') then '中等'
    when jc_credit_level_text(t) in ('严重', '严重级') then '严重'
    when jc_credit_level_text(t) in ('特别严重', '特别严重级') then '特别严重'
    when jc_credit_level_text(t) in ('失信', '失信级') then '失信'
    when jc_credit_level_text(t) in ('严重失信') then '严重失信'
    when jc_credit_level_text(t) in ('特别严重失信') then '特别严重失信'
    else t
end;

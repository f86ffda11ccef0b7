-- Cell cleaning rules shared by every source, as DuckDB macros over raw text.
-- Each returns NULL for a blank or null-marker cell; a non-blank cell that comes back NULL from a typed
-- macro is a parse failure, and the loader rejects the row naming the column.

-- Full-width ASCII (１２３，ＡＢＣ) and the ideographic space to their half-width forms.
create or replace temp macro jc_halfwidth(s) as
    translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ');

-- Trimmed text with null markers (-, —, /, 无, N/A …) as NULL.
create or replace temp macro jc_text(s) as
    case
        when regexp_matches(trim(jc_halfwidth(s)), '^(|-+|—+|–+|/|\\|无|空|null|NULL|Null|N/A|n/a|NA|#N/A|nan|NaN)$') then null
        else trim(regexp_replace(jc_halfwidth(s), '\s+', ' ', 'g'))
    end;

-- Codes: upper case, no inner spaces.
create or replace temp macro jc_code(s) as upper(replace(jc_text(s), ' ', ''));

-- Numbers: thousands separators, currency signs and a trailing 元 removed; a trailing 万/亿 multiplies.
create or replace temp macro jc_number_text(s) as
    regexp_replace(jc_text(s), '[,¥￥\s]|元$|人民币', '', 'g');
create or replace temp macro jc_decimal(s) as
    case
        when jc_number_text(s) like '%万' then try_cast(rtrim(jc_number_text(s), '万') as decimal(18, 6)) * 10000
        when jc_number_text(s) like '%亿' then try_cast(rtrim(jc_number_text(s), '亿') as decimal(18, 6)) * 100000000
        else coalesce(
            try_cast(jc_number_text(s) as decimal(18, 6)),
            try_cast(try_cast(jc_number_text(s) as double) as decimal(18, 6))
        )
    end;

-- Whole numbers, also written 第1年 / 第一年 / 1.0.
create or replace temp macro jc_integer_decimal(s) as
    try_cast(regexp_replace(translate(jc_text(s), '一二三四五六七八九', '123456789'), '^第|年$|年度$', '', 'g') as decimal(18, 6));
create or replace temp macro jc_integer(s) as
    case when jc_integer_decimal(s) = floor(jc_integer_decimal(s)) then try_cast(jc_integer_decimal(s) as integer) end;

-- Ratios: 56% → 0.56; 56 → 0.56 (a percentage without its sign); 0.56 stays; above 100 is not a ratio.
create or replace temp macro jc_ratio(s) as cast(
    case
        when jc_number_text(s) like '%\%%' escape '\' then try_cast(rtrim(jc_number_text(s), '%') as decimal(18, 6)) / 100
        when try_cast(jc_number_text(s) as decimal(18, 6)) > 100 then null
        when try_cast(jc_number_text(s) as decimal(18, 6)) > 1 then try_cast(jc_number_text(s) as decimal(18, 6)) / 100
        else try_cast(jc_number_text(s) as decimal(18, 6))
    end as decimal(9, 6));

-- Dates: Excel serials (1900 system), 20240105, 2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日, with or without a time.
create or replace temp macro jc_date_text(s) as
    regexp_replace(regexp_replace(regexp_replace(jc_text(s), '[ T].*$', ''), '[年月./]', '-', 'g'), '日$', '');
create or replace temp macro jc_date(s) as
    case
        when regexp_matches(jc_text(s), '^\d{5}(\.\d+)?$')
            then (date '1899-12-30' + cast(floor(cast(jc_text(s) as double)) as integer))
        when regexp_matches(jc_text(s), '^\d{8}$') then try_strptime(jc_text(s), '%Y%m%d')::date
        else try_strptime(jc_date_text(s), '%Y-%m-%d')::date
    end;

-- Yes/no: 是/否, Y/N, 中选/未中选, √/×, true/false, 1/0.
create or replace temp macro jc_boolean(s) as
    case
        when upper(jc_text(s)) in ('是', 'Y', 'YES', 'TRUE', 'T', '1', '中选', '中标', '√', '✓', '有') then true
        when upper(jc_text(s)) in ('否', 'N', 'NO', 'FALSE', 'F', '0', '未中选', '未中标', '落选', '×', '✗', '无') then false
    end;

-- Canonical values of enumerated text columns (anything else is returned unchanged and rejected by the loader).
create or replace temp macro jc_hospital_level(s) as
    case
        when jc_text(s) is null then null
        when jc_text(s) ~ '^(三|3).*' then '三级'
        when jc_text(s) ~ '^(二|2).*' then '二级'
        when jc_text(s) ~ '^(一|1).*' then '一级'
        when jc_text(s) ~ '^(未|无).*' then '未定级'
        else jc_text(s)
    end;
create or replace temp macro jc_ownership(s) as
    case
        when jc_text(s) in ('公立', '公办', '政府办', '公立医院') then '公立'
        when jc_text(s) in ('民营', '私立', '民办', '社会办', '民营医院') then '民营'
        else jc_text(s)
    end;
create or replace temp macro jc_institution_kind(s) as
    case
        when jc_text(s) ~ '.*(药店|药房).*' then '药店'
        when jc_text(s) ~ '.*(基层|卫生院|卫生室|社区|诊所).*' then '基层'
        when jc_text(s) ~ '.*医院.*' then '医院'
        else jc_text(s)
    end;
create or replace temp macro jc_batch_level(s) as
    case
        when jc_text(s) ~ '^国家.*' then '国家'
        when jc_text(s) ~ '.*联盟.*' then '省际联盟'
        when jc_text(s) in ('省级', '省', '省级集采') then '省级'
        else jc_text(s)
    end;
create or replace temp macro jc_category(s) as
    case
        when jc_text(s) in ('药品', '药', '西药', '中成药', '化学药', '生物制品') then '药品'
        when jc_text(s) in ('耗材', '医用耗材', '高值耗材', '低值耗材', '医用耗材类') then '耗材'
        else jc_text(s)
    end;
create or replace temp macro jc_supply_role(s) as
    case
        when jc_text(s) in ('主供', '主供应', '主供企业') then '主供'
        when jc_text(s) in ('备供', '备供应', '备供企业') then '备供'
        else jc_text(s)
    end;
create or replace temp macro jc_channel(s) as
    case
        when jc_text(s) in ('带量', '集采', '带量采购', '集中带量采购') then '带量'
        when jc_text(s) in ('挂网', '挂网采购', '网上采购') then '挂网'
        when jc_text(s) in ('线下', '线下采购', '备案采购') then '线下'
        else jc_text(s)
    end;

-- Dosage forms as they end a combined name (阿托伐他汀口服常释剂型): longest alternatives first.
create or replace temp macro jc_dosage_form_suffix(s) as
    nullif(regexp_extract(jc_text(s),
        '(口服常释剂型|缓释控释剂型|口服液体剂|口服溶液剂|吸入制剂|注射剂|颗粒剂|散剂|丸剂|滴眼剂|贴剂|软膏剂|乳膏剂|凝胶剂|栓剂|气雾剂|喷雾剂|混悬剂|胶囊剂|片剂|缓释片|肠溶片|分散片|胶囊|注射液|片)$', 1), '');

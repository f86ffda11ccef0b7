/** GB/T 2260 codes of the provincial-level divisions, by name without its suffix (省, 市, 自治区 …). */
const provinceCodes: Record<string, string> = {
  北京: "11",
  天津: "12",
  河北: "13",
  山西: "14",
  内蒙古: "15",
  辽宁: "21",
  吉林: "22",
  黑龙江: "23",
  上海: "31",
  江苏: "32",
  浙江: "33",
  安徽: "34",
  福建: "35",
  江西: "36",
  山东: "37",
  河南: "41",
  湖北: "42",
  湖南: "43",
  广东: "44",
  广西: "45",
  海南: "46",
  重庆: "50",
  四川: "51",
  贵州: "52",
  云南: "53",
  西藏: "54",
  陕西: "61",
  甘肃: "62",
  青海: "63",
  宁夏: "64",
  新疆: "65",
  台湾: "71",
  香港: "81",
  澳门: "82"
};

/**
 * SQL giving a province's two-digit code from its name (河北, 河北省 → '13'); NULL for a name that is not a
 * province, which lands in Hive's default partition. Listings are partitioned by this code, not by the name:
 * DuckDB writes a Chinese partition value percent-encoded as UTF-8 bytes (province=%E6%B2%B3…), and Hive's
 * path unescaping, which Spark and Trino use, turns each %XX into one character, so the name would come
 * back garbled. An ASCII code reads back the same everywhere; the name stays a column in the files.
 * Plain `case`, `trim` and `regexp_replace`, which DuckDB, Spark SQL and Trino share.
 */
export function provinceCodeSql(column: string): string {
  const name = `regexp_replace(trim(${column}), '(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$', '')`;
  const cases = Object.entries(provinceCodes)
    .map(([n, code]) => `when '${n}' then '${code}'`)
    .join(" ");
  return `case ${name} ${cases} end`;
}

import {spawnSync} from "node:child_process";
import {describe, expect, it} from "vitest";
import {modelsProject} from "../../pipelines/models/project.js";
import {requireVenv} from "../../pipelines/python/venv.js";
import {buildOrder} from "../../pipelines/runner/models.js";
import {transpileScript, translateModels} from "../../pipelines/spark/plan.js";

interface Translated {
  name: string;
  steps: {name: string; sql: string}[];
  spark_sql: string;
}

function translate(macros: string, sql: string): Translated {
  const result = spawnSync(requireVenv(), [transpileScript], {
    input: JSON.stringify({macros: [macros], models: [{name: "m", sql}]}),
    encoding: "utf8"
  });
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as {models: Translated[]}).models[0]!;
}

/** Whitespace collapsed, so expectations do not depend on the pretty-printer's line breaks. */
const flat = (sql: string) => sql.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")");

describe("transpile.py: DuckDB models to Spark SQL", () => {
  it("expands macros with each argument bound as a whole, as DuckDB does", () => {
    const out = translate(
      "create or replace macro jc_mul(a, b) as cast(cast(a as decimal(38, 6)) * b as decimal(38, 6));",
      "select jc_mul(qty, base - win) as s from t"
    );
    expect(flat(out.spark_sql)).toContain("CAST(CAST(qty AS DECIMAL(38, 6)) * (base - win) AS DECIMAL(38, 6))");
  });

  it("rewrites what Spark spells or computes differently", () => {
    const sql = flat(
      translate(
        "",
        `select count(distinct (a, b)) as n, regexp_full_match(code, 'X[A-Z]{2}') as x, a / b as r,
           hash(a, b) as h, list_reduce(l, (x, y) -> x * y, 1) as p, s.k
         from s cross join range(1, s.n + 2) as years(k) group by all`
      ).spark_sql
    );
    expect(sql).toContain("COUNT(DISTINCT STRUCT(a, b))");
    expect(sql).toMatch(/RLIKE '\^\(\?:X\[A-Z\]\{2\}\)\$'/);
    expect(sql).toContain("CAST(a AS DOUBLE) / CAST(b AS DOUBLE)");
    expect(sql).toContain("XXHASH64(a, b)");
    expect(sql).toContain("AGGREGATE(l, 1, (x, y) -> x * y)");
    expect(sql).toContain("CROSS JOIN LATERAL EXPLODE(SEQUENCE(1, (s.n + 2) - 1, 1)) AS years(k)");
  });

  it("reads list elements from 1 and past the end as NULL, and keeps an aggregated list's order", () => {
    const sql = flat(
      translate(
        "",
        `select list_filter(l, x -> x.k > 1)[1] as first, l[p] as at, list({'k': a} order by b) as ordered
         from t group by l, p`
      ).spark_sql
    );
    // DuckDB's l[1] is the first element; SQLGlot holds a literal index from 0 and leaves l[p] as written (p = 0 is NULL, as in DuckDB)
    expect(sql).toContain("TRY_ELEMENT_AT(FILTER(l, x -> x.k > 1), 1) AS first");
    expect(sql).toContain("TRY_ELEMENT_AT(l, NULLIF(p, 0)) AS at");
    expect(sql).toContain(
      "TRANSFORM(SORT_ARRAY(COLLECT_LIST(STRUCT(b IS NULL AS k0_null, b AS k0, STRUCT(a AS k) AS element))), e -> e.element) AS ordered"
    );
  });

  it("translates the text parsers' list, struct and regex forms to what Spark computes alike", () => {
    const sql = flat(
      translate(
        "create or replace macro jc_unit_of(term) as term.u;",
        `select list_transform(l, (t, i) -> {'t': t, 'prev': l[i - 1], 'at': i}) as indexed, l[-1] as last,
           l[2:] as tail, list_reduce(l, (a, b) -> a * b) as product, list_bool_or(flags) as any_flag,
           list_position(l, x) as pos, regexp_extract(s, '(\\d+)(mg)', ['amount', 'unit']) as parts,
           regexp_matches(s, '\\p{Han}') as han, list_transform(l, x -> jc_unit_of(x.t)) as units
         from t`
      ).spark_sql
    );
    // DuckDB's lambda index counts from 1, Spark's from 0; index 0 is NULL in DuckDB and an error in Spark
    expect(sql).toContain(
      "TRANSFORM(l, (t, i) -> STRUCT(t AS t, TRY_ELEMENT_AT(l, NULLIF((i + 1) - 1, 0)) AS prev, (i + 1) AS at)) AS indexed"
    );
    expect(sql).toContain("TRY_ELEMENT_AT(l, -1) AS last");
    expect(sql).toContain("SLICE(l, 2, SIZE(l)) AS tail");
    expect(sql).toContain("AGGREGATE(SLICE(l, 2, SIZE(l)), TRY_ELEMENT_AT(l, 1), (a, b) -> a * b) AS product");
    expect(sql).toContain("EXISTS(flags, element -> element) AS any_flag");
    expect(sql).toContain("NULLIF(ARRAY_POSITION(l, x), 0) AS pos");
    expect(sql).toContain(
      "STRUCT(REGEXP_EXTRACT(s, '(\\\\d+)(mg)') AS amount, REGEXP_EXTRACT(s, '(\\\\d+)(mg)', 2) AS unit) AS parts"
    );
    expect(sql).toContain("s RLIKE '\\\\p{IsHan}' AS han");
    // a macro parameter's field: jc_unit_of(x.t) reads x.t.u
    expect(sql).toContain("TRANSFORM(l, x -> ((x.t).u)) AS units");
  });

  it("filters QUALIFY in a wrapping query that keeps the select list as written", () => {
    const sql = flat(
      translate(
        "",
        `select t.*, u.x, case when t.a = u.a then 1 else 2 end as rank_key from t join u on true
         qualify row_number() over (partition by t.k order by rank_key, u.x) = 1`
      ).spark_sql
    );
    // no column added to the result, t.* not widened to *, and the alias rank_key read as its expression
    expect(sql).toBe(
      "SELECT * EXCEPT (_qualify) FROM (SELECT t.*, u.x, CASE WHEN t.a = u.a THEN 1 ELSE 2 END AS rank_key, " +
        "ROW_NUMBER() OVER (PARTITION BY t.k ORDER BY (CASE WHEN t.a = u.a THEN 1 ELSE 2 END) NULLS LAST, u.x NULLS LAST) = 1 AS _qualify " +
        "FROM t JOIN u ON TRUE) AS _qualified WHERE _qualify"
    );
  });

  it("computes a CTE read twice once, as a step before the model", () => {
    const out = translate("", "with base as (select 1 as x), other as (select x from base) select * from base, other");
    expect(out.steps.map((s) => s.name)).toEqual(["m__base"]);
    expect(flat(out.spark_sql)).toContain("FROM m__base AS base");
  });

  it("translates every model file", () => {
    const models = translateModels(requireVenv());
    expect(models.map((m) => m.name).sort()).toEqual(
      buildOrder(modelsProject)
        .map((m) => m.name)
        .sort()
    );
    for (const model of models) expect(model.spark_sql, model.name).toMatch(/\bSELECT\b/);
    expect(models.find((m) => m.name === "int_order_months")!.steps.length).toBeGreaterThan(0);
  });
});

import {readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {modelsDir} from "../../pipelines/models/project.js";

const doc = readFileSync(new URL("../../docs/scale-out.md", import.meta.url), "utf8");

/** Every model and macro file the refresh runs (checks are not part of the marts). */
const sqlFiles = [
  join(modelsDir, "macros.sql"),
  ...["staging", "intermediate", "marts"].flatMap((layer) =>
    readdirSync(join(modelsDir, layer)).filter((f) => f.endsWith(".sql")).map((f) => join(modelsDir, layer, f))
  )
];
const sql = sqlFiles.map((f) => readFileSync(f, "utf8").replace(/--[^\n]*/g, "")).join("\n");

/** DuckDB constructs that Spark SQL or Trino spell differently, and how the doc names each. */
const constructs: {name: string; pattern: RegExp}[] = [
  {name: "QUALIFY", pattern: /\bqualify\b/i},
  {name: "EXCLUDE", pattern: /\*\s*exclude\s*\(/i},
  {name: "GROUP BY ALL", pattern: /\bgroup by all\b/i},
  {name: "::type", pattern: /::\s*[a-z]/i},
  {name: "try_cast", pattern: /\btry_cast\(/i},
  {name: "any_value", pattern: /\bany_value\(/i},
  {name: "arg_min", pattern: /\barg_min\(/i},
  {name: "string_agg", pattern: /\bstring_agg\(/i},
  {name: "count(DISTINCT (a, b))", pattern: /count\(distinct \(/i},
  {name: "IS NOT DISTINCT FROM", pattern: /is not distinct from/i},
  {name: "FILTER (WHERE", pattern: /filter \(where/i},
  {name: "greatest", pattern: /\bgreatest\(/i},
  {name: "to_years", pattern: /\bto_years\(/i},
  {name: "date_sub('year'", pattern: /\bdate_sub\('year'/i},
  {name: "date_trunc('month', d)", pattern: /\bdate_trunc\('month'/i},
  {name: "strftime", pattern: /\bstrftime\(/i},
  {name: "INTERVAL 1 YEAR", pattern: /interval 1 year/i},
  {name: "list_transform", pattern: /\blist_transform\(/i},
  {name: "list_reduce", pattern: /\blist_reduce\(/i},
  {name: "list_contains", pattern: /\blist_contains\(/i},
  {name: "list_filter", pattern: /\blist_filter\(/i},
  {name: "list({…} order by preference)", pattern: /\blist\(\{/i},
  {name: "regexp_split_to_array", pattern: /\bregexp_split_to_array\(/i},
  {name: "regexp_full_match", pattern: /\bregexp_full_match\(/i},
  {name: "regexp_extract(s, re, ['amount', 'unit'])", pattern: /regexp_extract\([^;]*,\s*\[/i},
  {name: "'g')", pattern: /,\s*'g'\)/i},
  {name: "CREATE MACRO", pattern: /create or replace macro/i}
];

describe("docs/scale-out.md", () => {
  it("reads the models it describes", () => {
    expect(sqlFiles.length).toBeGreaterThan(20);
    expect(constructs.filter((c) => c.pattern.test(sql)).length).toBeGreaterThan(15);
  });

  it.each(constructs.map((c) => [c.name, c] as const))("names the port of %s wherever the models use it", (name, {pattern}) => {
    if (pattern.test(sql)) expect(doc).toContain(name);
  });

  it("names every jc_ macro whose body needs porting", () => {
    const macros = [...readFileSync(join(modelsDir, "macros.sql"), "utf8").matchAll(/create or replace macro (jc_[a-z_]+)/g)].map((m) => m[1]!);
    const count = /defines (\d+) `jc_\*` macros/.exec(doc)?.[1];
    expect(Number(count)).toBe(macros.length);
  });
});

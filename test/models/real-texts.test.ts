import {fileURLToPath} from "node:url";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {registerCleaningMacros} from "../../pipelines/clean/macros.js";
import {readMacros} from "../../pipelines/models/project.js";
import {realFileText} from "../helpers/real-files.js";

// Pack and spec texts taken from the shared real files, each with the value written down by reading it (an
// empty cell: the text cannot say). The parsers in macros.sql must give exactly those values for the text as the
// warehouse holds it: cleaned by the loader's jc_text (half-width, trimmed).
const fixtures = fileURLToPath(new URL("../fixtures/real-texts/", import.meta.url));
const packCounts = fixtures + "pack-counts.csv";
const specStrengths = fixtures + "spec-strengths.csv";

let instance: DuckDBInstance;
let conn: Awaited<ReturnType<DuckDBInstance["connect"]>>;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await registerCleaningMacros(conn);
  await conn.run(readMacros());
  await conn.run(
    `create temp table packs as select file, pack as original, jc_text(pack) as pack, count from ${fixture(packCounts)}`
  );
  await conn.run(
    `create temp table specs as
     select file, spec as original, jc_text(spec) as spec, content, content_unit, fill_ml from ${fixture(specStrengths)}`
  );
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** The fixture's rows, read as text (a blank expected value is NULL). */
const fixture = (path: string) => `read_csv('${path}', header = true, all_varchar = true, quote = '"')`;

describe("pack and strength parsing on real texts", () => {
  it("takes every fixture text from the shared file it names", async () => {
    const texts = await rows("select file, original as text from packs union all select file, original from specs");
    const byFile = new Map<string, string>();
    for (const file of new Set(texts.map((t) => String(t.file)))) byFile.set(file, await realFileText(file));
    const missing = texts.filter((t) => !byFile.get(String(t.file))!.includes(String(t.text)));
    expect(missing).toEqual([]);
    expect(texts.length).toBeGreaterThanOrEqual(200);
  });

  it("reads the count per sale unit from pack text, or NULL with a reason where the text cannot say", async () => {
    const wrong = await rows(`
      select pack, count as expected, cast(jc_pack_count(pack) as integer) as parsed, jc_pack_parse(pack).note as note
      from packs
      where cast(jc_pack_count(pack) as integer) is distinct from try_cast(count as integer)
         or (count is null) <> (jc_pack_parse(pack).note is not null)`);
    expect(wrong).toEqual([]);
    const [summary] = await rows("select count(*) as texts, count(count) as counted from packs");
    expect(Number(summary!.texts)).toBeGreaterThanOrEqual(100);
    expect(Number(summary!.counted)).toBeLessThan(Number(summary!.texts));
  });

  it("reads strength and fill volume from spec text", async () => {
    const wrong = await rows(`
      select spec, content, content_unit, fill_ml,
          jc_content(spec) as parsed_content, jc_content_unit(spec) as parsed_unit, jc_fill_ml(spec) as parsed_fill
      from specs
      where abs(jc_content(spec) - try_cast(content as double)) > 1e-9 * try_cast(content as double)
         or (jc_content(spec) is null) <> (content is null)
         or jc_content_unit(spec) is distinct from nullif(content_unit, '')
         or abs(jc_fill_ml(spec) - try_cast(fill_ml as double)) > 1e-9
         or (jc_fill_ml(spec) is null) <> (fill_ml is null)`);
    expect(wrong).toEqual([]);
  });

  it("gives Hainan's row 7305, a starter pack of three strengths, its 27 tablets and no single strength", async () => {
    const spec =
      "规格10mg,规格20mg,规格30mg由13片泡罩板和14片泡罩板组成；13片泡罩板含有4片10 mg、4片20 mg和5片30 mg片剂；14片泡罩板含有14片30mg片剂；共计27片。";
    const [row] = await rows(
      `select jc_pack_count('${spec}×27片/盒') as count, jc_content_parse('${spec}') as content`
    );
    expect(row).toEqual({
      count: "27.000000",
      content: {amount: null, unit: null, note: "规格文字列出了多个规格，无法确定含量"}
    });
  });
});

import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {jicai} from "../helpers/cli.js";
import {realFilesDir} from "../helpers/real-files.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir("jicai-real-refresh-");
const db = join(dir, "warehouse.duckdb");
const query = (sql: string) => {
  const result = jicai(["query", sql, "--db", db, "--json"]);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>[];
};

describe("real files through the models", () => {
  it("loads Hainan's drug listing and Guizhou's VBP results and refreshes: row 7305 counts 27 tablets", () => {
    // Before: Hainan's row 7305 made int_listing_cross_spec overflow and every later refresh and load fail.
    const hainan = jicai(["load", join(realFilesDir, "dxqls_hainan_drugs.xlsx"), "--province", "海南省", "--db", db]);
    expect(hainan.status, hainan.stdout + hainan.stderr).toBe(0);
    expect(hainan.stderr).toMatch(/已更新 \d+ 张汇总表/);
    const guizhou = jicai([
      "load",
      join(realFilesDir, "dxqls_guizhou_drugs.xlsx"),
      "--batch",
      "贵州省药品集中带量采购",
      "--db",
      db
    ]);
    expect(guizhou.status, guizhou.stdout + guizhou.stderr).toBe(0);
    expect(guizhou.stderr).toMatch(/已更新 \d+ 张汇总表/);

    expect(
      query(`select raw.source_row, stg.conversion_ratio, stg.content_amount
             from raw_listing_prices raw
             join stg_listing_prices stg using (province, generic_name, dosage_form, spec, pack, enterprise, product_code)
             where raw.source_row = 7305`)
    ).toEqual([{source_row: 7305, conversion_ratio: 27, content_amount: null}]);
    // The pack texts of the issue, as the Guizhou file writes them (the loader makes the full-width ； half-width).
    expect(
      query(`select pack, conversion_ratio from stg_batch_results
             where pack in ('每100丸重3g;人工麝香×80丸/盒', '0.5μg,10粒/板、3板/盒×30粒/盒') order by pack`)
    ).toEqual([
      {pack: "0.5μg,10粒/板、3板/盒×30粒/盒", conversion_ratio: 30},
      {pack: "每100丸重3g;人工麝香×80丸/盒", conversion_ratio: 80}
    ]);
    // Every listing has a compliance row; what could not be trusted is noted, each with a reason and its row.
    const [listings] = query("select count(*) as n from stg_listing_prices");
    const [compliance] = query("select count(*) as n from listing_compliance");
    expect(compliance).toEqual(listings);
    const notes = query(
      "select model, column_name, count(*) as n, count(source_row) as with_row from data_quality_notes group by all order by all"
    );
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes.filter((n) => String(n.model).startsWith("stg_")))
      expect(note.with_row, `${String(note.model)}.${String(note.column_name)}`).toBe(note.n);
    const check = jicai(["check", "--db", db, "--json"]);
    const results = JSON.parse(check.stdout) as {name: string; error?: string}[];
    expect(results.filter((r) => r.error)).toEqual([]);
  }, 600_000);
});

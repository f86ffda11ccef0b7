import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {loadFile} from "../../pipelines/load/load-file.js";
import {contractFor} from "../../pipelines/sources/index.js";
import {openWarehouse} from "../../pipelines/warehouse/open.js";
import {jicai} from "../helpers/cli.js";
import {writeHostileFiles, type Reference} from "../helpers/hostile-files.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir("jicai-hostile-");
const inbox = join(dir, "inbox");
const db = join(dir, "warehouse.duckdb");

/** Names from the loaded sample that hostile rows reuse, so their numbers reach the joins and the marts. */
async function referenceValues(): Promise<Reference> {
  const warehouse = await openWarehouse(db);
  try {
    const first = async (sql: string) =>
      (await warehouse.conn.runAndReadAll(sql)).getRowObjectsJS()[0] as Record<string, string>;
    const product = await first(
      `select batch, generic_name, dosage_form, enterprise from raw_batch_results
       where selected and dosage_form is not null order by batch, generic_name limit 1`
    );
    const hospital = await first("select hospital_code, region from raw_hospitals order by hospital_code limit 1");
    const listing = await first("select province from raw_listing_prices order by province limit 1");
    const drug = await first("select drug_name from raw_nrdl order by drug_name limit 1");
    const batch = await first(`select name from raw_batches order by batch_id limit 1`);
    return {
      ...product,
      ...hospital,
      ...listing,
      "nrdl.drug_name": drug.drug_name!,
      "batches.name": batch.name!,
      "hospitals.name": "华阳市第一人民医院"
    };
  } finally {
    warehouse.close();
  }
}

describe("hostile but loadable values", () => {
  it("load into every column of every source, refresh, and leave jicai check able to run every check", async () => {
    const sample = jicai(["sample", "--scale", "0.02", "--out", inbox]);
    expect(sample.status, sample.stderr).toBe(0);
    const loaded = jicai(["load", inbox, "--db", db]);
    expect(loaded.status, loaded.stderr).toBe(0);

    const files = writeHostileFiles(dir, await referenceValues());
    const warehouse = await openWarehouse(db);
    try {
      for (const [kind, file] of files) {
        const [result] = await loadFile(warehouse.conn, file, {source: contractFor(kind)});
        expect(result, `${kind}: ${result?.message}`).toMatchObject({
          status: "loaded",
          rows_read: 12,
          rows_rejected: 0
        });
      }
    } finally {
      warehouse.close();
    }

    const refresh = jicai(["refresh", "--db", db, "--full"]);
    expect(refresh.status, refresh.stderr).toBe(0);
    const check = jicai(["check", "--db", db, "--json"]);
    expect(check.status === 0 || check.status === 1, check.stderr).toBe(true);
    const results = JSON.parse(check.stdout) as {name: string; error?: string}[];
    expect(results.filter((r) => r.error)).toEqual([]);

    // What could not be trusted is NULL with a recorded reason, per source and derived column.
    const query = (sql: string) => JSON.parse(jicai(["query", sql, "--db", db, "--json"]).stdout) as unknown[];
    expect(
      query(`select source, column_name, count(*) > 0 as noted from data_quality_notes
             where file like '%hostile-%' or model = 'int_order_months' group by all order by all`)
    ).toEqual([
      {source: "agreed-volumes", column_name: "content_amount", noted: true},
      {source: "agreed-volumes", column_name: "year_index", noted: true},
      {source: "batch-results", column_name: "content_amount", noted: true},
      {source: "batch-results", column_name: "conversion_ratio", noted: true},
      {source: "batch-results", column_name: "fill_ml", noted: true},
      {source: "listing-prices", column_name: "content_amount", noted: true},
      {source: "listing-prices", column_name: "conversion_ratio", noted: true},
      {source: "listing-prices", column_name: "fill_ml", noted: true},
      {source: "nrdl", column_name: "content_amount", noted: true},
      {source: "nrdl", column_name: "standard_pack_count", noted: true},
      {source: "orders", column_name: "conversion_ratio", noted: true}
    ]);
    // The starter pack of Hainan's row 7305 counts its 27 tablets; a count of 10^12 boards is no count.
    expect(
      query(`select distinct pack, conversion_ratio from stg_listing_prices
             where pack like '%共计27片%' or pack like '999999999999粒%' order by pack`)
    ).toEqual([
      {pack: "999999999999粒×999999999999板/盒×999999999999盒/箱", conversion_ratio: null},
      {pack: expect.stringContaining("共计27片"), conversion_ratio: 27}
    ]);
  }, 300_000);
});

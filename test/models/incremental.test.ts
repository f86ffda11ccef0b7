import {copyFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadFile} from "../../pipelines/load/load-file.js";
import {martNames} from "../../pipelines/models/marts.js";
import {refreshModels, type RefreshOptions, type RefreshResult} from "../../pipelines/refresh/refresh-models.js";
import {openWarehouse, type Warehouse} from "../../pipelines/warehouse/open.js";
import {sqlString} from "../../pipelines/warehouse/sql.js";
import {sampleWithOrdersHeldBack} from "../helpers/held-back-orders.js";
import {tempDir} from "../helpers/temp.js";
import {fingerprint} from "../lake/mart-fingerprint.js";
import {policyDirWith} from "./warehouse-fixture.js";

const dir = tempDir("jicai-incremental-");
const db = join(dir, "warehouse.duckdb");
const incrementalModels = ["int_order_months", "int_order_payments"];
let warehouse: Warehouse;
let heldBack: string;
let firstQuarter: string;

type Prints = Record<string, Record<string, string>>;

/** Fingerprints of every mart and of the incremental models themselves. */
async function prints(w: Warehouse): Promise<Prints> {
  const out: Prints = {};
  for (const name of [...martNames, ...incrementalModels]) out[name] = await fingerprint(w.conn, name);
  return out;
}

/** Fingerprints after a full rebuild of the same data in a copy of the warehouse (the copy is then dropped). */
async function fullRebuildPrints(options: RefreshOptions = {}): Promise<Prints> {
  await warehouse.conn.run("checkpoint");
  warehouse.close();
  const copy = join(dir, `full-${Date.now()}.duckdb`);
  copyFileSync(db, copy);
  warehouse = await openWarehouse(db);
  const rebuilt = await openWarehouse(copy);
  try {
    const result = await refreshModels(rebuilt.conn, {...options, full: true});
    for (const name of incrementalModels) expect(runOf(result, name).mode, name).toBe("full");
    return await prints(rebuilt);
  } finally {
    rebuilt.close();
  }
}

function runOf(result: RefreshResult, name: string) {
  const run = result.models.find((m) => m.name === name);
  if (!run) throw new Error(`no run of ${name}`);
  return run;
}

function incrementalRuns(result: RefreshResult) {
  return Object.fromEntries(
    incrementalModels.map((name) => {
      const {mode, loadsRead, loadsRemoved} = runOf(result, name);
      return [name, {mode, loadsRead, loadsRemoved}];
    })
  );
}

const both = (run: {mode: string; loadsRead: number; loadsRemoved: number}) =>
  Object.fromEntries(incrementalModels.map((name) => [name, run]));

async function loaded(file: string) {
  const results = await loadFile(warehouse.conn, file);
  expect(results.map((r) => r.status)).toEqual(["loaded"]);
  return results[0]!;
}

/** Writes a one-row CSV into the test folder and loads it. */
async function loadedCsv(name: string, header: string, row: string) {
  const file = join(dir, name);
  writeFileSync(file, `${header}\n${row}\n`);
  return loaded(file);
}

beforeAll(() => {
  let quarters: string[];
  ({heldBack, quarters} = sampleWithOrdersHeldBack(dir));
  firstQuarter = quarters[1]!;
}, 300_000);

beforeAll(async () => {
  warehouse = await openWarehouse(db);
});

afterAll(() => warehouse.close());

describe("incremental order models", () => {
  let beforeCorrection: Prints;

  it("read only the lines of a new orders file, though as_of moved, and every mart equals a full rebuild", async () => {
    const previous = await refreshModels(warehouse.conn);
    expect(incrementalRuns(previous)).toEqual(both({mode: "incremental", loadsRead: 0, loadsRemoved: 0}));
    const file = await loaded(heldBack);
    expect(file.rows_replaced).toBe(0);
    const result = await refreshModels(warehouse.conn);
    expect(result.asOf > previous.asOf).toBe(true);
    expect(incrementalRuns(result)).toEqual(both({mode: "incremental", loadsRead: 1, loadsRemoved: 0}));
    expect(runOf(result, "int_listing_cross_spec").mode).toBe("unchanged");
    const incremental = await prints(warehouse);
    // every mart has rows, except the notes on untrusted values: the sample's values are all trusted
    for (const mart of martNames.filter((m) => m !== "data_quality_notes"))
      expect(Number(incremental[mart]!["(rows)"]), mart).toBeGreaterThan(0);
    expect(incremental).toEqual(await fullRebuildPrints());
    beforeCorrection = incremental;
  });

  it("re-read a load a corrected file replaced rows of, and drop a load whose rows are all gone", async () => {
    const [{load}] = (
      await warehouse.conn.runAndReadAll(
        `select max(load_id)::integer as load from load_log where file = ${sqlString(firstQuarter)}`
      )
    ).getRowObjectsJS() as [{load: number}];
    // Every third line of the quarter again, with twice the quantity and amount, 20 days later (into the
    // next month for many) and unpaid: every order mart and both incremental models see the change.
    const corrected = join(dir, "orders-corrected.csv");
    await warehouse.conn.run(
      `copy (
         select order_id, line_no, hospital_code, product_code, generic_name, dosage_form, spec, pack, conversion_ratio,
           enterprise, qty * 2 as qty, qty_unit, unit_price, amount * 2 as amount, order_date + 20 as order_date,
           received_date + 20 as received_date, null as paid_date, channel
         from raw_orders where load_id = ${load} and hash(order_id, line_no) % 3 = 0
       ) to ${sqlString(corrected)} (header, delimiter ',')`
    );
    const replaced = await loaded(corrected);
    expect(replaced.rows_replaced).toBe(replaced.rows_loaded);
    expect(replaced.rows_replaced).toBeGreaterThan(100);
    const result = await refreshModels(warehouse.conn);
    expect(incrementalRuns(result)).toEqual(both({mode: "incremental", loadsRead: 2, loadsRemoved: 1}));
    const incremental = await prints(warehouse);
    expect(incremental.savings).not.toEqual(beforeCorrection.savings);
    expect(incremental.payment_timeliness).not.toEqual(beforeCorrection.payment_timeliness);
    expect(incremental).toEqual(await fullRebuildPrints());

    // Loading the original quarter again restores its lines under a new load: it supersedes its own earlier load
    // (the lines still current) and replaces the corrected lines by key; both older loads are gone.
    const restored = await loaded(firstQuarter);
    expect(restored.rows_replaced).toBe(replaced.rows_loaded);
    expect(restored.rows_replaced + restored.rows_superseded).toBe(restored.rows_loaded);
    const again = await refreshModels(warehouse.conn);
    expect(incrementalRuns(again)).toEqual(both({mode: "incremental", loadsRead: 1, loadsRemoved: 2}));
    const back = await prints(warehouse);
    for (const mart of martNames) expect(back[mart], mart).toEqual(beforeCorrection[mart]);
    expect(back).toEqual(await fullRebuildPrints());
  });

  it("rebuild fully when what they read besides the orders changes, and equal a full rebuild", async () => {
    // A listing of a new product code changes the product catalogue the order lines are filled from; the
    // payment sums do not read the catalogue.
    await loadedCsv(
      "listing-new-code.csv",
      "省份,医保编码,通用名,剂型,规格,包装,转换比,生产企业,挂网价格（元）,全国最低价（元）,挂网状态",
      "江川省,XZ99ZZZ999A001010100001,测试新药,片剂,10mg,7片/盒,7,测试制药,7.00,7.00,挂网"
    );
    const afterListing = await refreshModels(warehouse.conn);
    expect(incrementalRuns(afterListing)).toEqual({
      int_order_months: {mode: "full", loadsRead: 9, loadsRemoved: 0},
      int_order_payments: {mode: "incremental", loadsRead: 0, loadsRemoved: 0}
    });
    // Models that read neither listings nor anything built from them are left as they are.
    expect(runOf(afterListing, "listing_compliance").mode).toBe("full");
    expect(runOf(afterListing, "int_batches").mode).toBe("unchanged");
    expect(runOf(afterListing, "payment_timeliness").mode).toBe("unchanged");
    expect(await prints(warehouse)).toEqual(await fullRebuildPrints());

    // A new pharmacy rebuilds the models that read the institutions, but the agreed volumes come out the same,
    // so the varieties built from them stay as they are and the order models stay incremental.
    await loadedCsv(
      "pharmacies-new.csv",
      "定点医药机构编码,定点机构名称,机构等级,所有制,区县,医保支付比例,机构类型",
      "P99999999999,测试新开大药房,未定级,民营,青山区,0.5500,定点零售药店"
    );
    const afterPharmacy = await refreshModels(warehouse.conn);
    expect(runOf(afterPharmacy, "int_agreed_volumes").mode).toBe("full");
    expect(incrementalRuns(afterPharmacy)).toEqual(both({mode: "incremental", loadsRead: 0, loadsRemoved: 0}));
    expect(runOf(afterPharmacy, "int_batch_varieties").mode).toBe("unchanged");
    expect(await prints(warehouse)).toEqual(await fullRebuildPrints());

    // A policy with other payment terms and another content coefficient.
    const policyDir = policyDirWith(dir, "default-2019.json", {
      payment: {on_time_days: 20},
      price_difference: {content_k: 1.9}
    });
    const underPolicy = await refreshModels(warehouse.conn, {policyDir});
    expect(incrementalRuns(underPolicy)).toEqual(both({mode: "full", loadsRead: 9, loadsRemoved: 0}));
    const policyPrints = await prints(warehouse);
    expect(policyPrints.payment_timeliness).not.toEqual((await fullRebuildPrints()).payment_timeliness);
    expect(policyPrints).toEqual(await fullRebuildPrints({policyDir}));
    expect(incrementalRuns(await refreshModels(warehouse.conn, {policyDir}))).toEqual(
      both({mode: "incremental", loadsRead: 0, loadsRemoved: 0})
    );
  });

  it("rebuild fully when as_of cuts off loaded orders, and again when it no longer does", async () => {
    const cut = await refreshModels(warehouse.conn, {asOf: "2025-08-15"});
    expect(incrementalRuns(cut)).toEqual(both({mode: "full", loadsRead: 9, loadsRemoved: 0}));
    expect(await prints(warehouse)).toEqual(await fullRebuildPrints({asOf: "2025-08-15"}));
    const latest = await refreshModels(warehouse.conn);
    expect(incrementalRuns(latest)).toEqual(both({mode: "full", loadsRead: 9, loadsRemoved: 0}));
    // A later as_of cuts nothing off either: the order models stay as they are.
    const later = await refreshModels(warehouse.conn, {asOf: "2030-01-01"});
    expect(incrementalRuns(later)).toEqual(both({mode: "incremental", loadsRead: 0, loadsRemoved: 0}));
    expect(await prints(warehouse)).toEqual(await fullRebuildPrints({asOf: "2030-01-01"}));
  });
});

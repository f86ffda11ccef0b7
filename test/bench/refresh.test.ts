import {mkdirSync, renameSync} from "node:fs";
import {basename, join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {orderFilesOf} from "../../pipelines/bench/orders-csv.js";
import {refreshMarts} from "../../pipelines/bench/steps/refresh.js";
import {openWarehouse} from "../../pipelines/warehouse/open.js";
import {jicai} from "../helpers/cli.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir("jicai-bench-refresh-");
const inbox = join(dir, "inbox");
const db = join(dir, "warehouse.duckdb");
let heldBack: string;

beforeAll(() => {
  const sample = jicai(["sample", "--scale", "0.1", "--out", inbox]);
  expect(sample.status, sample.stderr).toBe(0);
  mkdirSync(join(dir, "held"));
  const last = orderFilesOf(inbox).at(-1)!;
  heldBack = join(dir, "held", basename(last));
  renameSync(last, heldBack);
  const load = jicai(["load", inbox, "--db", db]);
  expect(load.status, load.stderr).toBe(0);
}, 300_000);

describe("refreshMarts after a load", () => {
  it("times the refresh a load triggers even when the cached warehouse was built by older model SQL", async () => {
    // What a change to int_order_months's SQL leaves behind in a cached warehouse: a fingerprint that no longer matches.
    const warehouse = await openWarehouse(db);
    await warehouse.conn.run("update model_state set fingerprint = 'built by older SQL' where name = 'int_order_months'");
    warehouse.close();
    const outcome = await refreshMarts({db, mode: "after-load", extra: heldBack, scratch: join(dir, "scratch.duckdb")});
    expect(outcome.detail.incremental).toEqual(["int_order_months", "int_order_payments"]);
    expect(outcome.detail.linesLoaded).toBeGreaterThan(0);
  }, 120_000);
});

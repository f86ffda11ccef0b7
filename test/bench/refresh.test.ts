import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {refreshMarts} from "../../pipelines/bench/steps/refresh.js";
import {openWarehouse} from "../../pipelines/warehouse/open.js";
import {sampleWithOrdersHeldBack} from "../helpers/held-back-orders.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir("jicai-bench-refresh-");
let db: string;
let heldBack: string;

beforeAll(() => {
  ({db, heldBack} = sampleWithOrdersHeldBack(dir));
}, 300_000);

describe("refreshMarts after a load", () => {
  it("times the refresh a load triggers even when the cached warehouse was built by older model SQL", async () => {
    // What a change to int_order_months's SQL leaves behind in a cached warehouse: a fingerprint that no longer matches.
    const warehouse = await openWarehouse(db);
    await warehouse.conn.run(
      "update model_state set fingerprint = 'built by older SQL' where name = 'int_order_months'"
    );
    warehouse.close();
    const outcome = await refreshMarts({db, mode: "after-load", extra: heldBack, scratch: join(dir, "scratch.duckdb")});
    expect([...(outcome.detail.incremental as string[])].sort()).toEqual([
      "int_order_months",
      "int_order_payments",
      "int_product_matches"
    ]);
    expect(outcome.detail.linesLoaded).toBeGreaterThan(0);
  }, 120_000);
});

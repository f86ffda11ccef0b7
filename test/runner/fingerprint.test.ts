import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {
  fingerprintScope,
  modelFingerprint,
  modelIdentity,
  tableLoadCounts
} from "../../pipelines/runner/fingerprint.js";
import type {Model} from "../../pipelines/runner/models.js";

const model = (
  name: string,
  sql: string,
  materialized: Model["materialized"] = "table",
  loadsOf: string[] = []
): Model => ({
  name,
  layer: materialized === "view" ? "staging" : "marts",
  path: `${name}.sql`,
  sql,
  deps: [],
  materialized,
  loadsOf,
  descriptor: {}
});

const views = [model("stg_items", "select * from raw_items", "view")];
const cheap = model("cheap_items", "select * from stg_items where price < 10");
const dated = model("recent_items", "select * from stg_items cross join policy_params where day <= as_of");
const noted = model("noted_items", "-- not by as_of\nselect * from stg_items cross join policy_params");
const ordered = model("order_sums", "select load_id, sum(qty) from raw_orders group by all");
const reader = model("cheap_report", "select count(*) from cheap_items");
// incremental over raw_orders; its readers: one over the same loads, one over other loads, one a plain table
const byLoad = model(
  "order_lines",
  "select * from raw_orders where load_id in (select load_id from pending_loads)",
  "incremental",
  ["raw_orders"]
);
const sameLoads = model(
  "order_line_sums",
  "select * from order_lines where load_id in (select load_id from pending_loads)",
  "incremental",
  ["raw_orders"]
);
const otherLoads = model("returns_lines", "select * from order_lines cross join raw_returns", "incremental", [
  "raw_returns"
]);
const plainReader = model("order_line_report", "select count(*) from order_lines");

let instance: DuckDBInstance;
let conn: DuckDBConnection;

async function fingerprintOf(
  target: Model,
  built = new Map<string, string>(),
  views_ = views,
  builtFingerprints = new Map<string, string>()
): Promise<string> {
  const models = [...views_, cheap, dated, noted, ordered, reader, byLoad, sameLoads, otherLoads, plainReader];
  const scope = await fingerprintScope(
    conn,
    new Map(models.map((m) => [m.name, m])),
    "create or replace macro jc_one() as 1;",
    {policy_params: ["as_of"]},
    built,
    builtFingerprints
  );
  return modelFingerprint(scope, target);
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await conn.run(
    `create table raw_items as select * from (values (1, 5.00::decimal(18, 2), date '2025-01-01')) t(id, price, day)`
  );
  await conn.run(
    `create table policy_params as select date '2025-06-30' as as_of, 1.8::decimal(9, 4) as drug_multiplier`
  );
  await conn.run(`create table raw_orders as select 1 as load_id, 10.0::decimal(18, 6) as qty`);
});

afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

describe("model fingerprints", () => {
  it("change with the contents of a table the model reads through a view, and with the view's SQL", async () => {
    const before = await fingerprintOf(cheap);
    expect(await fingerprintOf(cheap)).toBe(before);
    await conn.run("update raw_items set price = 6.00");
    const changed = await fingerprintOf(cheap);
    expect(changed).not.toBe(before);
    const otherView = [model("stg_items", "select id, price from raw_items", "view")];
    expect(await fingerprintOf(cheap, new Map(), otherView)).not.toBe(changed);
  });

  it("include as_of only for a model that names it, outside comments", async () => {
    const datedBefore = await fingerprintOf(dated);
    const notedBefore = await fingerprintOf(noted);
    await conn.run("update policy_params set as_of = date '2025-07-31'");
    expect(await fingerprintOf(dated)).not.toBe(datedBefore);
    expect(await fingerprintOf(noted)).toBe(notedBefore);
    await conn.run("update policy_params set drug_multiplier = 1.5");
    expect(await fingerprintOf(noted)).not.toBe(notedBefore);
  });

  it("take the identity of a model built in this refresh, not its contents", async () => {
    const built = new Map([["cheap_items", "a"]]);
    const first = await fingerprintOf(reader, built);
    expect(await fingerprintOf(reader, new Map([["cheap_items", "b"]]))).not.toBe(first);
    expect(await fingerprintOf(reader, new Map([["cheap_items", "a"]]))).toBe(first);
  });

  it("digest raw_orders by its row count per load, and an incremental model by its loads too", async () => {
    const before = await fingerprintOf(ordered);
    await conn.run("insert into raw_orders values (2, 3.0)");
    expect(await fingerprintOf(ordered)).not.toBe(before);
    const counts = await tableLoadCounts(conn, "raw_orders");
    expect(modelIdentity("f", counts)).not.toBe(modelIdentity("f", new Map([[1, 1]])));
    expect(modelIdentity("f")).toBe("f");
  });

  it("leave out what an incremental model reads load by load, and take an incremental model it reads over the same loads by its fingerprint alone", async () => {
    const lines = await fingerprintOf(byLoad);
    await conn.run("insert into raw_orders values (3, 4.0)");
    expect(await fingerprintOf(byLoad)).toBe(lines);
    const identity = (loads: number) => new Map([["order_lines", `identity after ${loads} loads`]]);
    const definition = (f: string) => new Map([["order_lines", f]]);
    // the same loads: the upstream model's loads do not matter, its definition does
    expect(await fingerprintOf(sameLoads, identity(3), views, definition("f1"))).toBe(
      await fingerprintOf(sameLoads, identity(4), views, definition("f1"))
    );
    expect(await fingerprintOf(sameLoads, identity(3), views, definition("f1"))).not.toBe(
      await fingerprintOf(sameLoads, identity(3), views, definition("f2"))
    );
    // other loads, or a plain table: what the upstream model holds matters
    for (const target of [otherLoads, plainReader])
      expect(await fingerprintOf(target, identity(3), views, definition("f1")), target.name).not.toBe(
        await fingerprintOf(target, identity(4), views, definition("f1"))
      );
  });
});

import {describe, expect, it} from "vitest";
import {culpritText, findCulprit, upstreamOf} from "../../pipelines/refresh/diagnose.js";
import {orderModels, type Model} from "../../pipelines/runner/models.js";
import {insertRows, rows, tempWarehouse} from "../models/warehouse-fixture.js";

/** A staging view and a mart whose cast fails on a listed price of 1000 or more (10^9 × price ≥ 10^12). */
const models: Model[] = orderModels([
  {
    name: "probe_prices",
    layer: "staging",
    path: "probe_prices.sql",
    sql: "select load_id, listed_price from raw_listing_prices",
    deps: [],
    materialized: "view",
    loadsOf: [],
    descriptor: {}
  },
  {
    name: "probe_mart",
    layer: "marts",
    path: "probe_mart.sql",
    sql: "select load_id, cast(listed_price * 1000000000 as decimal(18, 6)) as scaled from probe_prices",
    deps: ["probe_prices"],
    materialized: "table",
    loadsOf: [],
    descriptor: {}
  }
]);

const listing = (price: string) => ({province: "江川省", generic_name: "甲药", listed_price: price});

describe("findCulprit", () => {
  it("names the load, file and first row a failing model fails on, and changes nothing", async () => {
    const fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    try {
      for (const [loadId, file] of [
        [1, "/data/一月挂网.csv"],
        [2, "/data/二月挂网.csv"]
      ] as const) {
        await conn.run(
          `insert into load_log (load_id, file, file_name, sha256, source, status, started_at)
           values ($1, $2, $3, 'x', 'listing-prices', 'loaded', current_timestamp)`,
          [loadId, file, file.split("/").at(-1)!]
        );
      }
      await insertRows(conn, "raw_listing_prices", [
        {...listing("12.5"), load_id: 1, source_file: "/data/一月挂网.csv", source_row: 2},
        ...["3", "4", "5", "2500", "7", "99999"].map((price, i) => ({
          ...listing(price),
          load_id: 2,
          source_file: "/data/二月挂网.csv",
          source_row: i + 2
        }))
      ]);
      const failing = models.find((m) => m.name === "probe_mart")!;
      const culprit = await findCulprit(conn, upstreamOf(models, failing), async () => {});
      expect(culprit).toEqual({loadId: 2, file: "/data/二月挂网.csv", sheet: null, sourceRow: 5});
      expect(culpritText(culprit!)).toBe(
        "出错的数据来自载入 2（/data/二月挂网.csv，第 5 行）：请更正后重新载入该文件，或用 jicai unload 2 撤销这次载入"
      );
      // Every attempt was rolled back.
      expect(await rows(conn, "select count(*) as n from raw_listing_prices")).toEqual([{n: "7"}]);
      expect(await rows(conn, "select count(*) as n from duckdb_tables() where table_name = 'probe_mart'")).toEqual([
        {n: "0"}
      ]);
    } finally {
      fixture.cleanup();
    }
  });

  it("names no load when the model fails without any data", async () => {
    const fixture = await tempWarehouse();
    try {
      const broken: Model = {
        ...models[1]!,
        sql: "select * from probe_prices where no_such_column",
        deps: ["probe_prices"]
      };
      expect(await findCulprit(fixture.warehouse.conn, [models[0]!, broken], async () => {})).toBeNull();
    } finally {
      fixture.cleanup();
    }
  });
});

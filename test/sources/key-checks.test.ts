import {DuckDBInstance} from "@duckdb/node-api";
import {describe, expect, it} from "vitest";
import {contracts} from "../../pipelines/sources/index.js";
import {keyChecks} from "../../pipelines/sources/key-checks.js";
import {migrate} from "../../pipelines/warehouse/migrate.js";

describe("key checks derived from the source contracts", () => {
  it("gives every source one error-level check of its natural key, described in Chinese", () => {
    const checks = keyChecks();
    expect(checks.map((c) => c.name)).toEqual(contracts.map((c) => `unique_${c.kind.replaceAll("-", "_")}`));
    const nrdl = checks.find((c) => c.name === "unique_nrdl")!;
    expect(nrdl.severity).toBe("error");
    expect(nrdl.description).toBe("国谈药品目录唯一（目录年份 + 药品名称 + 剂型 + 支付标准对应规格不重复）");
  });

  it("finds two rows of one key and none when the key is unique", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      await migrate(conn);
      const check = keyChecks().find((c) => c.name === "unique_orders")!;
      const insert = (row: number, line: number) =>
        conn.run(
          `insert into raw_orders (load_id, source_file, source_row, order_id, line_no) values (1, 'a.csv', ${row}, 'O1', ${line})`
        );
      await insert(2, 1);
      await insert(3, 2);
      expect((await conn.runAndReadAll(check.sql)).getRows()).toEqual([]);
      await insert(4, 2);
      expect((await conn.runAndReadAll(check.sql)).getRowObjectsJS()).toEqual([{order_id: "O1", line_no: 2, rows: 2n}]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});

import {describe, expect, it} from "vitest";
import type {ColumnMatch} from "../../pipelines/read/header.js";
import {registerCleaningMacros} from "../../pipelines/clean/macros.js";
import {typedTableSql} from "../../pipelines/load/typed-sql.js";
import {orders} from "../../pipelines/sources/orders.js";
import {sqlString} from "../../pipelines/warehouse/sql.js";
import {tempDir} from "../helpers/temp.js";
import {newWarehouse, rows} from "../helpers/warehouse.js";

const dir = tempDir();

// Cells that a plain cast accepts, refuses, or accepts differently from the cleaning macros.
const numbers = [
  " 12 ",
  "12.5",
  "3.5",
  "3.0",
  "0x10",
  "1_000",
  "1e3",
  "+5",
  "１２",
  "1,234.50",
  "¥8.00",
  "—",
  "NaN",
  "1.2万",
  "",
  "abc"
];
const dates = [
  "2025-01-03",
  " 2025-01-03 ",
  "2025-1-3",
  "2025年1月3日",
  "2025年1月3日 10:00",
  "2025.1.3",
  "2025/01/03",
  "2025-01-03 10:00:00",
  "2025-01-03T10:00",
  "45123",
  "20250103",
  "99999-01-01",
  "2025.13.3",
  "2025年13月3日",
  "２０２５-01-03",
  "—",
  "",
  "yesterday"
];

describe("typed projection", () => {
  it("gives every cell the value the cleaning macros give it, whether or not the fast cast took it", async () => {
    const w = await newWarehouse(dir);
    await registerCleaningMacros(w.conn);
    const width = Math.max(numbers.length, dates.length);
    const list = (cells: string[], fill: string) =>
      `[${cells
        .concat(Array(width - cells.length).fill(fill))
        .map((c) => (c === "" ? "null" : sqlString(c)))
        .join(", ")}]::varchar[]`;
    await w.conn.run(`create temp table grid as
      select i::integer + 1 as source_row, n as c0, n as c1, d as c2
      from (select unnest(range(${width})) as i, unnest(${list(numbers, "1")}) as n, unnest(${list(dates, "2025-01-03")}) as d)`);
    const column = (name: string) => orders.columns.find((c) => c.name === name)!;
    const matches: ColumnMatch[] = [
      {column: column("qty"), index: 0, multiplier: 1, header: "采购数量"},
      {column: column("line_no"), index: 1, multiplier: 1, header: "订单明细号"},
      {column: column("order_date"), index: 2, multiplier: 1, header: "订单日期"}
    ];
    const typed = typedTableSql({contract: orders, matches, constants: {}}, "grid", 1, 3);
    const got = await rows(
      w,
      `select source_row, raw_qty, qty::varchar as qty, has_qty, line_no, has_line_no, raw_order_date,
        order_date::varchar as order_date, has_order_date from (${typed}) order by source_row`
    );
    const expected = await rows(
      w,
      `select source_row, c0 as raw_qty, jc_decimal(c0)::varchar as qty, jc_text(c0) is not null as has_qty,
        case when jc_text(c1) is null then ${column("line_no").defaultSql ?? "null"} else jc_integer(c1) end as line_no, jc_text(c1) is not null as has_line_no, c2 as raw_order_date,
        jc_date(c2)::varchar as order_date, jc_text(c2) is not null as has_order_date
      from grid where source_row >= 1 order by source_row`
    );
    // Blank rows are dropped by the projection; the reference keeps them, so compare the rows it kept.
    const kept = new Set(got.map((r) => r.source_row));
    expect(got.length).toBeGreaterThan(width - 3);
    expect(got).toEqual(expected.filter((r) => kept.has(r.source_row)));
    // The cases the fast cast alone would get wrong are still right.
    const byRaw = (raw: string) => got.find((r) => r.raw_qty === raw)!;
    expect(byRaw("3.5").line_no).toBeNull();
    expect(byRaw("0x10").line_no).toBeNull();
    expect(byRaw("１２").qty).toBe("12.000000");
    expect(got.find((r) => r.raw_order_date === "2025年1月3日")!.order_date).toBe("2025-01-03");
    w.close();
  });
});

import {describe, expect, it} from "vitest";
import type {ColumnMatch} from "../../pipelines/read/header.js";
import {registerCleaningMacros} from "../../pipelines/clean/macros.js";
import {needsCleaningSql, provenCleanSql, typedTableSql} from "../../pipelines/load/typed-sql.js";
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

  it("says a text cell needs cleaning exactly when jc_text would change it, for every character in every place", async () => {
    const w = await newWarehouse(dir);
    await registerCleaningMacros(w.conn);
    const generic = orders.columns.find((c) => c.name === "generic_name")!;
    // Each code point alone, leading, trailing, inside and doubled inside a name, and every null marker.
    await w.conn.run(`create temp table cells as
      select s from (
        select chr(i::integer) as c from range(1, 196608) t(i) where i < 55296 or i > 57343
      ), unnest([c, c || '药', '药' || c, '药' || c || '品', '药' || c || c || '品']) as u(s)
      union all select unnest(['', '-', '无', 'N/A', '#N/A', 'NaN', ' - ', '阿莫西林', '阿莫西林 胶囊'])`);
    const [counts] = await rows(
      w,
      `select count(*)::integer as cells,
              count(*) filter (where needs <> changed)::integer as wrong,
              count(*) filter (where needs)::integer as dirty
       from (select ${needsCleaningSql(generic, "s")} as needs, jc_text(s) is distinct from s as changed from cells)`
    );
    expect(counts).toMatchObject({wrong: 0});
    expect(counts!.cells).toBeGreaterThan(900_000);
    expect(counts!.dirty).toBeGreaterThan(500);
    w.close();
  });

  it("types a proven clean grid as the cleaning macros do, and proves no column that holds a dirty cell", async () => {
    const w = await newWarehouse(dir);
    await registerCleaningMacros(w.conn);
    const column = (name: string) => orders.columns.find((c) => c.name === name)!;
    const matches: ColumnMatch[] = [
      {column: column("generic_name"), index: 0, multiplier: 1, header: "通用名"},
      {column: column("qty"), index: 1, multiplier: 1, header: "采购数量"},
      {column: column("line_no"), index: 2, multiplier: 1, header: "订单明细号"},
      {column: column("order_date"), index: 3, multiplier: 1, header: "订单日期"},
      {column: column("hospital_code"), index: 4, multiplier: 1, header: "医疗机构编码"}
    ];
    const sources = {contract: orders, matches, constants: {}};
    const grid = (name: string, cells: (string | null)[][]) =>
      w.conn.run(
        `create temp table ${name} as select * from (values ${cells
          .map((r, i) => `(${i + 1}, ${r.map((c) => (c === null ? "null::varchar" : sqlString(c))).join(", ")})`)
          .join(", ")}) t(source_row, c0, c1, c2, c3, c4)`
      );
    const proven = async (name: string) => {
      const [proof] = await rows(w, provenCleanSql(sources, name, 1)!);
      return Object.keys(proof!).filter((k) => proof![k] === true);
    };
    const typed = (name: string, provenClean: string[]) =>
      rows(
        w,
        `select * exclude (is_rejected), is_rejected from (${typedTableSql({...sources, provenClean}, name, 1, 5)}) order by source_row`
      );
    await grid("clean", [
      ["阿莫西林", "12", "1", "2025-01-03", "h001"],
      ["头孢 呋辛", "3.5", "3.5", "2025-02-28", "H 002"],
      ["布洛芬", null, null, null, null]
    ]);
    expect(await proven("clean")).toEqual(["generic_name", "qty", "line_no", "order_date", "hospital_code"]);
    const fast = await typed("clean", await proven("clean"));
    expect(fast).toEqual(await typed("clean", []));
    expect(fast.map((r) => [r.line_no, r.order_date, r.hospital_code])).toEqual([
      [1, "2025-01-03", "H001"],
      [null, "2025-02-28", "H002"],
      [1, null, null]
    ]);
    await grid("dirty", [
      ["阿莫西林 ", "12", "1", "2025-01-03", "H001"],
      ["头孢", "１２", "1", "45123", "-"],
      ["布洛芬", "12", "一", "2025-01-03", "H003"]
    ]);
    expect(await proven("dirty")).toEqual([]);
  });
});

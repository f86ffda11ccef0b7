import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {beforeEach, describe, expect, it} from "vitest";
import {GridWriter, maxGridColumns, parseMergeRef} from "../../../pipelines/read/xlsx/grid-writer.js";

let conn: DuckDBConnection;
beforeEach(async () => {
  conn = await (await DuckDBInstance.create(":memory:")).connect();
});

async function rows(table: string) {
  return (await conn.runAndReadAll(`select * from temp.main."${table}" order by source_row`)).getRowsJS();
}

function writeRow(writer: GridWriter, row: number, cells: (string | null)[]) {
  cells.forEach((text, col) => text !== null && writer.set(col, text));
  writer.endRow(row);
}

describe("GridWriter", () => {
  it("creates the table on the first rows, widens it for a wider row after rows were appended, skips empty rows", async () => {
    // A main-schema table of the same name must not receive the rows.
    await conn.run(`create table g_s0 (x integer)`);
    const writer = new GridWriter(conn, "g_s0");
    writeRow(writer, 1, ["标题"]);
    writeRow(writer, 2, []);
    writeRow(writer, 3, ["a", null, "c"]);
    await writer.settle();
    writeRow(writer, 4, ["d", "e", "f"]); // fits: appended directly
    writeRow(writer, 6, [null, null, null, null, "wide"]);
    await writer.settle();
    writeRow(writer, 7, ["g"]);
    expect(await writer.finish([])).toBe(true);
    expect(writer.columnCount).toBe(5);
    expect(writer.rows).toBe(5);
    expect(await rows("g_s0")).toEqual([
      [1, "标题", null, null, null, null],
      [3, "a", null, "c", null, null],
      [4, "d", "e", "f", null, null],
      [6, null, null, null, null, "wide"],
      [7, "g", null, null, null, null]
    ]);
    expect((await conn.runAndReadAll(`select count(*)::int from memory.main.g_s0`)).getRowsJS()).toEqual([[0]]);
  });

  it("fills merged ranges from their top-left cell, clipped to the grid, leaving absent rows absent", async () => {
    const writer = new GridWriter(conn, "m");
    writeRow(writer, 1, ["父", null, null]);
    writeRow(writer, 2, ["子1", "子2", "子3"]);
    writeRow(writer, 3, ["批次", "x", null]);
    writeRow(writer, 5, [null, "y", "stale"]);
    const merges = ["B1:D1", "A3:A5", "C5:C6", "F1:G9", "A1"].map(parseMergeRef).filter((m) => m !== null);
    expect(merges).toHaveLength(4);
    await writer.finish(merges);
    expect(await rows("m")).toEqual([
      [1, "父", null, null],
      [2, "子1", "子2", "子3"],
      [3, "批次", "x", null],
      [5, "批次", "y", "stale"]
    ]);
    // B1:D1 copies B1 (empty) over C1; C5:C6 copies C5 onto itself; F1:G9 lies outside the grid.
    const tables = (await conn.runAndReadAll(`select table_name from duckdb_tables() where temporary`))
      .getRowsJS()
      .flat();
    expect(tables).toEqual(["m"]);
  });

  it("keeps every character of a cell: quotes, commas, line breaks, spaces, an empty string apart from NULL", async () => {
    const writer = new GridWriter(conn, "q");
    const tricky = ['他说"好"', "a,b", "第一行\n第二行", "CR\r\nLF", "  两端空格  ", "", '"', "\\N", "NULL"];
    for (let i = 0; i < 3000; i++) writeRow(writer, i + 1, [String(i), ...tricky]);
    await writer.finish([]);
    const read = await rows("q");
    expect(read).toHaveLength(3000);
    expect(read[0]).toEqual([1, "0", ...tricky]);
    expect(read[2999]).toEqual([3000, "2999", ...tricky]);
  });

  it("keeps cells right of the widest grid out of the table, counting them and the first one", async () => {
    const writer = new GridWriter(conn, "w");
    writeRow(writer, 1, ["a", "b"]);
    writer.set(16383, "far");
    writeRow(writer, 2, ["c"]);
    writer.set(maxGridColumns, "just past");
    writer.endRow(3);
    expect(await writer.finish([])).toBe(true);
    expect(writer.columnCount).toBe(2);
    expect(writer.ignored).toEqual({count: 2, row: 2, col: 16383});
    expect(await rows("w")).toEqual([
      [1, "a", "b"],
      [2, "c", null]
    ]);
  });

  it("closes the open appender and drops its table when discarded", async () => {
    const writer = new GridWriter(conn, "d");
    writeRow(writer, 1, ["a", "b"]);
    await writer.settle();
    writer.set(0, "half");
    await writer.discard();
    expect((await conn.runAndReadAll(`select count(*)::int from duckdb_tables() where temporary`)).getRowsJS()).toEqual(
      [[0]]
    );
  });
});

import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {columnSqlType} from "../../pipelines/sources/contract.js";
import {contracts} from "../../pipelines/sources/index.js";
import {orders} from "../../pipelines/sources/orders.js";
import {migrate} from "../../pipelines/warehouse/migrate.js";
import {alignRawTables, landingColumns} from "../../pipelines/warehouse/raw-tables.js";

let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeEach(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
});

afterEach(() => {
  conn.closeSync();
  instance.closeSync();
});

async function columnsOf(table: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    "select column_name || ' ' || lower(data_type) from duckdb_columns() where table_name = $1 order by column_index",
    [table]
  );
  return reader.getRows().map((r) => String(r[0]));
}

describe("raw tables from the source contracts", () => {
  it("gives a fresh warehouse one raw table per contract: the landing columns, then the contract's, in order", async () => {
    await migrate(conn);
    for (const contract of contracts) {
      expect(await columnsOf(contract.table), contract.table).toEqual([
        "load_id integer",
        "source_file varchar",
        "sheet varchar",
        "source_row integer",
        ...contract.columns.map((c) => `${c.name} ${columnSqlType[c.type]}`)
      ]);
    }
    expect(landingColumns.map((c) => c.name)).toEqual(["load_id", "source_file", "sheet", "source_row"]);
  });

  it("migrates a warehouse made before: renames its stg_* tables and adds the columns its contract gained", async () => {
    // the layout of migrations 001–006: landed tables named stg_*, here one of them without two later columns
    await conn.run("create table schema_migrations (version varchar primary key, applied_at timestamp)");
    for (const version of ["001", "002", "003", "004", "005", "006"])
      await conn.run("insert into schema_migrations values ($1, current_timestamp)", [version]);
    await conn.run(
      `create table load_log (load_id integer primary key, file varchar not null, file_name varchar not null,
         sheet varchar, sha256 varchar not null, source varchar, rows_read integer not null default 0,
         rows_loaded integer not null default 0, rows_rejected integer not null default 0,
         rows_replaced integer not null default 0, status varchar not null, message varchar,
         started_at timestamp not null, finished_at timestamp)`
    );
    await conn.run(
      "create table check_results (check_name varchar primary key, description varchar, severity varchar, passed boolean, rows_failing integer, sample varchar, error varchar, run_at timestamp, fingerprint varchar)"
    );
    await conn.run(
      "create table model_state (name varchar, fingerprint varchar, refreshed_at timestamp, content_digest varchar)"
    );
    await conn.run("create table model_loads (name varchar, load_id integer, rows bigint)");
    const kept = orders.columns.filter((c) => !["paid_date", "channel"].includes(c.name));
    await conn.run(
      `create table stg_orders (load_id integer not null, source_file varchar not null, sheet varchar,
         source_row integer not null, ${kept.map((c) => `${c.name} ${columnSqlType[c.type]}`).join(", ")})`
    );
    await conn.run(
      "insert into stg_orders (load_id, source_file, source_row, order_id, line_no, qty) values (1, 'a.csv', 2, 'O1', 1, 5)"
    );
    await migrate(conn);
    const columns = await columnsOf("raw_orders");
    expect(columns.slice(-2)).toEqual(["paid_date date", "channel varchar"]);
    expect(new Set(columns)).toEqual(new Set(await freshColumns("raw_orders")));
    const rows = (
      await conn.runAndReadAll("select order_id, qty::varchar as qty, channel from raw_orders")
    ).getRowObjectsJS();
    expect(rows).toEqual([{order_id: "O1", qty: "5.000000", channel: null}]);
    expect(await alignRawTables(conn)).toEqual([]);
  });

  it("gives each raw table a replaced_* twin with the same columns and the replacing load, kept in step", async () => {
    await migrate(conn);
    for (const contract of contracts) {
      const replaced = contract.table.replace(/^raw_/, "replaced_");
      expect(await columnsOf(replaced), replaced).toEqual([
        ...(await columnsOf(contract.table)),
        "replaced_by integer"
      ]);
    }
    // a column the contract gains reaches both tables
    const grown = orders.columns.concat({...orders.columns.find((c) => c.name === "channel")!, name: "note_text"});
    const changes = await alignRawTables(conn, [{...orders, columns: grown}]);
    expect(changes).toEqual(["add raw_orders.note_text", "add replaced_orders.note_text"]);
  });

  it("refuses a column whose type differs from its contract, naming it", async () => {
    await migrate(conn);
    await conn.run("alter table raw_nrdl alter column nrdl_year type varchar");
    await expect(alignRawTables(conn)).rejects.toThrow(/raw_nrdl\.nrdl_year 的类型是 varchar，来源定义要求 integer/);
  });
});

/** The columns of a table in a warehouse migrated from nothing. */
async function freshColumns(table: string): Promise<string[]> {
  const fresh = await DuckDBInstance.create(":memory:");
  const c = await fresh.connect();
  try {
    await migrate(c);
    const reader = await c.runAndReadAll(
      "select column_name || ' ' || lower(data_type) from duckdb_columns() where table_name = $1 order by column_index",
      [table]
    );
    return reader.getRows().map((r) => String(r[0]));
  } finally {
    c.closeSync();
    fresh.closeSync();
  }
}

import {existsSync, mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {dropScratch, gridDataTable} from "../../pipelines/read/grid-store.js";
import {loadFile} from "../../pipelines/load/load-file.js";
import {writeOrdersCsv} from "../helpers/orders-csv.js";
import {tempDir} from "../helpers/temp.js";
import {newWarehouse, rows} from "../helpers/warehouse.js";

const dir = tempDir();

async function attached(w: {conn: import("@duckdb/node-api").DuckDBConnection}): Promise<string[]> {
  const reader = await w.conn.runAndReadAll("select database_name from duckdb_databases() where not internal");
  return reader.getRows().map((r) => String(r[0]));
}

describe("gridDataTable", () => {
  it("keeps the grid of a file under 30 % of the memory limit in memory and writes a larger one beside the warehouse", async () => {
    const w = await newWarehouse(dir);
    await w.conn.run("set memory_limit = '40MB'");
    const prefix = `load_${process.pid}_901`;
    expect(await gridDataTable(w.conn, prefix, "small", 11_000_000)).toEqual({
      table: "small_data",
      create: "temp table small_data"
    });
    const large = await gridDataTable(w.conn, prefix, "large", 13_000_000);
    expect(large.table).toBe(`${prefix}_scratch.large_data`);
    const file = join(`${w.path}.scratch`, `${prefix}.duckdb`);
    expect(existsSync(file)).toBe(true);
    await w.conn.run(`create or replace ${large.create} as select 1 as c0`);
    await dropScratch(w.conn, prefix);
    expect(existsSync(`${w.path}.scratch`)).toBe(false);
    expect(await attached(w)).not.toContain(`${prefix}_scratch`);
    w.close();
  });

  it("removes the scratch files of loads whose process is gone, and only those", async () => {
    const w = await newWarehouse(dir);
    await w.conn.run("set memory_limit = '40MB'");
    const folder = `${w.path}.scratch`;
    mkdirSync(folder, {recursive: true});
    // 4194305 is above Linux's largest process id, so no process has it.
    const orphan = join(folder, "load_4194305_3.duckdb");
    const running = join(folder, `load_${process.pid}_902.duckdb`);
    writeFileSync(orphan, "");
    writeFileSync(running, "");
    await gridDataTable(w.conn, `load_${process.pid}_903`, "large", 20_000_000);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(running)).toBe(true);
    await dropScratch(w.conn, `load_${process.pid}_903`);
    expect(existsSync(running)).toBe(true);
    w.close();
  });
});

describe("a load whose grid is written to a scratch database", () => {
  it("loads, rejects and numbers rows exactly as a load held in memory, and leaves nothing behind", async () => {
    const file = join(dir, "orders-260k.csv");
    const {rows: lines, rejected} = await writeOrdersCsv(file, 260_000);
    const fingerprint = async (w: Awaited<ReturnType<typeof newWarehouse>>) =>
      rows(
        w,
        `select (select md5(string_agg(o::varchar, '|' order by source_row)) from raw_orders o) as orders,
                (select md5(string_agg(r::varchar, '|' order by source_row, column_name))
                 from (select source_row, column_name, value, reason from rejects) r) as rejects`
      );
    const inMemory = await newWarehouse(dir);
    const [expected] = await loadFile(inMemory.conn, file);
    const scratch = await newWarehouse(dir);
    // The file is 21 MB: more than 30 % of a 64 MB limit, and large enough for the load to report its stages.
    await scratch.conn.run("set memory_limit = '64MB'");
    const scratchSeen: boolean[] = [];
    const [result] = await loadFile(scratch.conn, file, {
      onProgress: (_message, kind) => {
        if (kind === "stage") scratchSeen.push(existsSync(`${scratch.path}.scratch`));
      }
    });
    expect(scratchSeen.length).toBeGreaterThan(0);
    expect(scratchSeen.every(Boolean)).toBe(true);
    await scratch.conn.run("set memory_limit = '2GB'");
    expect(result).toMatchObject({rows_read: lines, rows_loaded: lines - rejected, rows_rejected: rejected});
    expect({...result, timings: undefined, load_id: undefined}).toEqual({
      ...expected,
      timings: undefined,
      load_id: undefined
    });
    expect(await fingerprint(scratch)).toEqual(await fingerprint(inMemory));
    expect(existsSync(`${scratch.path}.scratch`)).toBe(false);
    expect((await attached(scratch)).filter((name) => name.endsWith("_scratch"))).toEqual([]);
    inMemory.close();
    scratch.close();
  });
});

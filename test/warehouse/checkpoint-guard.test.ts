import {spawn} from "node:child_process";
import {copyFileSync, existsSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {DuckDBInstance} from "@duckdb/node-api";
import {beforeAll, describe, expect, it} from "vitest";
import {guardPath, writeCheckpointGuard} from "../../pipelines/warehouse/checkpoint-guard.js";
import {activeHeader, blockOffset, duckdbChecksum, headerSlots, readAt} from "../../pipelines/warehouse/duckdb-file.js";
import {openWarehouse} from "../../pipelines/warehouse/open.js";
import {jicai} from "../helpers/cli.js";
import {expectCleanMessage} from "../helpers/messages.js";
import {writeOrdersCsv} from "../helpers/orders-csv.js";
import {tempDir} from "../helpers/temp.js";
import {warehouseState} from "../helpers/warehouse-state.js";

/**
 * The checkpoint guard (pipelines/warehouse/checkpoint-guard.ts): DuckDB's checkpoint rewrites metadata blocks in
 * place, and one written only partly (a kill or power cut during the write) leaves a warehouse that no longer
 * opens. These tests damage such a block by hand, as a torn write would, and check what the next open does.
 */

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The metadata blocks of a closed warehouse, as DuckDB lists them. */
async function metadataBlocks(db: string): Promise<number[]> {
  const instance = await DuckDBInstance.create(db, {access_mode: "READ_ONLY"});
  const conn = await instance.connect();
  try {
    const rows = (
      await conn.runAndReadAll("select distinct block_id from pragma_metadata_info() order by 1")
    ).getRows();
    return rows.map(([id]) => Number(id));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Overwrites the second half of a block, as a write cut short leaves it. */
function tear(db: string, blockId: number): void {
  const {blockAllocSize} = activeHeader(db)!;
  const bytes = readFileSync(db);
  const start = blockOffset(blockId, blockAllocSize) + blockAllocSize / 2;
  bytes.fill(0x5a, start, start + blockAllocSize / 2);
  writeFileSync(db, bytes);
}

describe("the checkpoint guard", () => {
  const dir = tempDir("jicai-guard-");
  const base = join(dir, "base.duckdb");

  beforeAll(async () => {
    const file = join(dir, "orders.csv");
    await writeOrdersCsv(file, 3_000, "GD");
    const load = jicai(["load", file, "--db", base, "--json"]);
    expect(load.status, load.stderr).toBe(0);
  });

  it("reads DuckDB's header checksums and iteration the way DuckDB writes them", () => {
    const slots = [0, 1].map((i) => readAt(base, headerSlots[i]!, 4096));
    for (const slot of slots) {
      const stored = new DataView(slot.buffer, slot.byteOffset, 8).getBigUint64(0, true);
      // A slot never written is all zeros; a written one carries DuckDB's checksum of the rest.
      if (stored !== 0n) expect(duckdbChecksum(slot.subarray(8))).toBe(stored);
    }
    const header = activeHeader(base)!;
    expect(header.iteration).toBeGreaterThan(0);
    expect(header.blockAllocSize).toBe(262_144);
    const damaged = join(dir, "damaged-header.duckdb");
    copyFileSync(base, damaged);
    const bytes = readFileSync(damaged);
    bytes[headerSlots[0] + 100] ^= 0xff;
    bytes[headerSlots[1] + 100] ^= 0xff;
    writeFileSync(damaged, bytes);
    expect(activeHeader(damaged)).toBeNull();
  });

  it("writes the saved blocks back when a checkpoint left a torn metadata block under the old header", async () => {
    const db = join(dir, "torn.duckdb");
    copyFileSync(base, db);
    const before = await warehouseState(db);
    // The state just before a checkpoint: the guard saved, then the checkpoint dies mid-write of a metadata block.
    const warehouse = await openWarehouse(db);
    await writeCheckpointGuard(warehouse.conn, db);
    warehouse.close();
    const blocks = await metadataBlocks(db);
    tear(db, blocks[0]!);
    await expect(warehouseState(db)).rejects.toThrow(/Corrupt database file/);

    const notices: string[] = [];
    const reopened = await openWarehouse(db, {onNotice: (m) => notices.push(m)});
    reopened.close();
    expect(notices).toHaveLength(1);
    expectCleanMessage(notices[0]);
    expect(notices[0]).toMatch(/上次写入在提交时被中断：已恢复到中断前的状态/);
    expect(existsSync(guardPath(db))).toBe(false);
    expect(await warehouseState(db)).toEqual(before);
  });

  it("without a guard, says in one Chinese line that the file is damaged and how to recover", async () => {
    const db = join(dir, "corrupt.duckdb");
    copyFileSync(base, db);
    tear(db, (await metadataBlocks(db))[0]!);
    const error = await openWarehouse(db, {waitSeconds: 0}).then(
      (w) => {
        w.close();
        return null;
      },
      (e: Error) => e
    );
    expect(error).not.toBeNull();
    expectCleanMessage(error!.message);
    expect(error!.message).toMatch(/数据仓库文件已损坏.*备份.*jicai restore/);
    const cli = jicai(["refresh", "--db", db]);
    expect(cli.status).toBe(1);
    expect(cli.stderr.trim()).toMatch(/^jicai refresh: 数据仓库文件已损坏/);
    expect(cli.stderr).not.toMatch(/IO Error|checksum/);
  });

  it("drops a guard from a checkpoint that finished, without touching the file", async () => {
    const db = join(dir, "finished.duckdb");
    copyFileSync(base, db);
    const warehouse = await openWarehouse(db);
    await writeCheckpointGuard(warehouse.conn, db);
    // A later checkpoint moves the header on: the guard belongs to a state that is gone.
    await warehouse.conn.run("begin transaction");
    await warehouse.conn.run("insert into marts_refreshed values (0, current_timestamp)");
    await warehouse.conn.run("set checkpoint_threshold = '0b'");
    await warehouse.conn.run("commit");
    warehouse.close();
    const bytes = readFileSync(db);
    const notices: string[] = [];
    (await openWarehouse(db, {onNotice: (m) => notices.push(m)})).close();
    expect(notices).toEqual([]);
    expect(existsSync(guardPath(db))).toBe(false);
    expect(readFileSync(db).equals(bytes)).toBe(true);
  });

  it("leaves a guard alone while another process has the warehouse open: its checkpoint may be running", async () => {
    const db = join(dir, "busy.duckdb");
    copyFileSync(base, db);
    const warehouse = await openWarehouse(db);
    await writeCheckpointGuard(warehouse.conn, db);
    warehouse.close();
    const guard = readFileSync(guardPath(db));
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import {DuckDBInstance} from "@duckdb/node-api";
const i = await DuckDBInstance.create(process.argv[1]); await i.connect();
process.stdout.write("held\\n"); process.stdin.resume(); process.stdin.on("end", () => process.exit(0));`,
        db
      ],
      {cwd: projectRoot, stdio: ["pipe", "pipe", "inherit"]}
    );
    await new Promise<void>((resolve) => holder.stdout.on("data", (c) => String(c).includes("held") && resolve()));
    try {
      const failed = await openWarehouse(db, {waitSeconds: 0}).catch((e: Error) => e);
      expect(failed).toBeInstanceOf(Error);
      expect((failed as Error).message).toMatch(/^数据仓库正忙/);
      expect(readFileSync(guardPath(db)).equals(guard)).toBe(true);
    } finally {
      holder.stdin.end();
      await new Promise((resolve) => holder.on("exit", resolve));
    }
  });
});

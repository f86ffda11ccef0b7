import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import iconv from "iconv-lite";
import {describe, expect, it} from "vitest";
import {martNames} from "../../pipelines/models/marts.js";
import {detectEncoding} from "../../pipelines/read/encoding.js";
import {contracts} from "../../pipelines/sources/index.js";
import {jicai} from "../helpers/cli.js";
import {sampleWithOrdersHeldBack} from "../helpers/held-back-orders.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir("jicai-unload-");

/** Key money figures of the marts, as exact text. */
const moneyFigures = {
  batch_summary: ["savings_agreed"],
  savings: ["purchased_amount", "savings_actual", "savings_agreed"],
  listing_compliance: ["listed_price", "limit_price"],
  payment_timeliness: ["amount"],
  retention_statement: ["retained"]
};

/**
 * What the warehouse holds, order-independently: row count and checksum of every raw table, the rejects and
 * every mart; sums of the marts' key money columns; and load_log without the loads `jicai unload` marked.
 */
async function state(db: string): Promise<Record<string, string>> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  const value = async (sql: string) => String((await conn.runAndReadAll(sql)).getRows()[0]![0]);
  const checksum = (from: string) =>
    value(`select count(*) || ':' || coalesce(sum(hash(t)::hugeint), 0) from ${from} t`);
  try {
    const out: Record<string, string> = {};
    for (const table of [...contracts.map((c) => c.table), "rejects", ...martNames]) out[table] = await checksum(table);
    for (const [mart, columns] of Object.entries(moneyFigures))
      for (const column of columns)
        out[`${mart}.${column}`] = await value(`select sum(${column})::varchar from ${mart}`);
    out.load_log = await checksum(
      "(select load_id, file, sheet, sha256, source, rows_loaded, rows_replaced, status from load_log where status <> 'unloaded')"
    );
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const json = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("jicai unload", () => {
  it("restores the warehouse to exactly its state before a load, also when the load replaced earlier rows", async () => {
    const {db, heldBack, quarters} = sampleWithOrdersHeldBack(dir, "0.05");
    const before = await state(db);
    expect(Number(before.raw_orders!.split(":")[0])).toBeGreaterThan(1000);

    // A new quarter of orders, and a corrected copy of a loaded quarter under another name: the copy replaces
    // every line of the original by natural key, with changed amounts.
    const corrected = join(dir, "corrected-orders.csv");
    const original = readFileSync(quarters[0]!);
    const text = iconv.decode(original, detectEncoding(original).replace("-bom", ""));
    const [header, ...lines] = text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split(/\r?\n/);
    writeFileSync(
      corrected,
      [header, ...lines.slice(0, 200).map((l) => l.replace(/,(\d+)\.(\d\d),/, ",$1.99,"))].join("\n")
    );
    const loaded = jicai(["load", heldBack, corrected, "--db", db, "--json"]);
    expect(loaded.status, loaded.stdout + loaded.stderr).toBe(0);
    const [added, replacing] = json(loaded.stdout);
    expect(replacing!.rows_replaced).toBeGreaterThan(100);
    const during = await state(db);
    expect(during.raw_orders).not.toEqual(before.raw_orders);
    expect(during["savings.purchased_amount"]).not.toEqual(before["savings.purchased_amount"]);

    const byId = jicai(["unload", String(replacing!.load_id), "--db", db]);
    expect(byId.status, byId.stderr).toBe(0);
    expect(byId.stdout).toContain(`已撤销  载入 ${String(replacing!.load_id)}`);
    const byFile = jicai(["unload", heldBack, "--db", db, "--json"]);
    expect(byFile.status, byFile.stderr).toBe(0);
    expect(json(byFile.stdout)).toMatchObject([{load_id: added!.load_id, status: "unloaded"}]);

    expect(await state(db)).toEqual(before);
    // The audit trail: both loads stay in load_log, marked.
    const log = JSON.parse(
      jicai([
        "query",
        "select status, count(*) as n from load_log where status = 'unloaded' group by all",
        "--db",
        db,
        "--json"
      ]).stdout
    );
    expect(log).toEqual([{status: "unloaded", n: 2}]);
    expect(jicai(["check", "--db", db]).status).toBe(0);

    // What was unloaded can be loaded again; an id that is not a load, and a load already undone, are refused.
    const again = jicai(["load", heldBack, "--db", db, "--json"]);
    expect(json(again.stdout)).toMatchObject([{status: "loaded", rows_loaded: added!.rows_loaded}]);
    const missing = jicai(["unload", "99999", "--db", db]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("没有编号为 99999 的载入");
    const twice = jicai(["unload", String(added!.load_id), "--db", db]);
    expect(twice.stderr).toContain("已经撤销过");
  }, 600_000);

  it("lets a corrected file replace everything its earlier version loaded, and undoes that too", async () => {
    const db = join(dir, "versions.duckdb");
    const file = join(dir, "挂网价格.csv");
    const header = "省份,通用名,剂型,规格,包装,生产企业,挂网价格";
    const version = (rows: string[]) => writeFileSync(file, [header, ...rows].join("\n") + "\n");
    const rows = `select generic_name, listed_price from raw_listing_prices order by generic_name`;
    const query = () => JSON.parse(jicai(["query", rows, "--db", db, "--json"]).stdout) as unknown[];

    version([
      "江川省,甲药,片剂,10mg,10片/盒,甲厂,10",
      "江川省,乙药,片剂,10mg,10片/盒,乙厂,20",
      "江川省,丙药,片剂,10mg,10片/盒,丙厂,30"
    ]);
    const first = json(jicai(["load", file, "--db", db, "--json"]).stdout)[0]!;
    // The correction drops 丙药 and fixes 乙药's price: the earlier version is superseded as a whole.
    version(["江川省,甲药,片剂,10mg,10片/盒,甲厂,10", "江川省,乙药,片剂,10mg,10片/盒,乙厂,25"]);
    const second = jicai(["load", file, "--db", db]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("替换上次载入的 3 行");
    expect(query()).toEqual([
      {generic_name: "乙药", listed_price: 25},
      {generic_name: "甲药", listed_price: 10}
    ]);
    expect(
      JSON.parse(
        jicai(["query", "select status, removed_by from load_log order by load_id", "--db", db, "--json"]).stdout
      )
    ).toEqual([
      {status: "superseded", removed_by: Number(first.load_id) + 1},
      {status: "loaded", removed_by: null}
    ]);

    // Unloading the correction brings the earlier version back; unloading the file removes every version.
    expect(jicai(["unload", String(Number(first.load_id) + 1), "--db", db]).status).toBe(0);
    expect(query()).toHaveLength(3);
    const all = jicai(["unload", file, "--db", db]);
    expect(all.status, all.stderr).toBe(0);
    expect(query()).toEqual([]);
  }, 300_000);
});

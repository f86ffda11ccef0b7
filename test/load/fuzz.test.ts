import {mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {extname, join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {loadFile, type LoadResult} from "../../pipelines/load/load-file.js";
import {generateSample} from "../../pipelines/sample/generate-sample.js";
import {Rng} from "../../pipelines/sample/rng.js";
import {contracts} from "../../pipelines/sources/index.js";
import {openWarehouse, type Warehouse} from "../../pipelines/warehouse/open.js";
import {jicai} from "../helpers/cli.js";
import {expectCleanMessage} from "../helpers/messages.js";
import {globNamedCsv, globNamedParquet, globSibling} from "../fixtures/bad/make-fixtures.js";
import {mutations} from "../helpers/mutate.js";
import {tempDir} from "../helpers/temp.js";

/**
 * Loader fuzzing with a fixed seed: valid sample files (jicai sample --scale 0.02) are damaged — bytes flipped,
 * inserted, deleted or cut; cells swapped or replaced by awkward values; columns dropped or doubled; CSV
 * re-encoded; worksheet XML cut or parts dropped — and loaded one after another into one warehouse. Each must
 * end in one of two ways: refused with one clean Chinese line and nothing changed, or loaded with
 * rows_read = rows_loaded + rows_rejected and every table moving by exactly rows_loaded − rows_replaced.
 * Every fifth CSV or Parquet file is named with glob characters beside a sibling its pattern matches: no row
 * of a sibling may ever be read.
 */

const seed = 20250601;
const rounds = 120;
/** A slow machine stops early rather than blowing the suite's budget; the count run is printed. */
const budgetMs = 30_000;
const cliFiles = 20;

const bases = [
  "华阳市定点医疗机构名单.xlsx",
  "华阳市定点零售药店名单.csv",
  "集采批次一览表.csv",
  "第九批国家组织药品集中采购中选结果.xlsx",
  "约定采购量分解表（药品）.xlsx",
  "国家医保谈判药品目录.parquet",
  "华阳市药品耗材采购明细_2025年第1季度.csv",
  "华阳市药品耗材采购明细_2025年第2季度.csv",
  "集采结余留用资金返还明细.xlsx"
];

const tables = [...contracts.map((c) => c.table), "rejects", "load_log"];

async function counts(w: Warehouse): Promise<Record<string, number>> {
  const sql = tables.map((t) => `select '${t}' as t, count(*)::integer as n from ${t}`).join(" union all ");
  return Object.fromEntries((await w.conn.runAndReadAll(sql)).getRows().map(([t, n]) => [String(t), Number(n)]));
}

async function scalar(w: Warehouse, sql: string): Promise<number> {
  return Number((await w.conn.runAndReadAll(sql)).getRows()[0]![0]);
}

type Outcome = "refused" | "loaded" | "loaded with rejects" | "unchanged";

describe("fuzzing the loader with damaged sample files", () => {
  const dir = tempDir("jicai-fuzz-");
  const sampleDir = join(dir, "sample");
  const fuzzDir = join(dir, "fuzz");
  const files: {path: string; outcome: Outcome}[] = [];
  const tally = new Map<string, number>();
  const refusals = new Map<string, number>();
  let warehouse: Warehouse;

  beforeAll(async () => {
    await generateSample({scale: 0.02, seed: 1, out: sampleDir});
    mkdirSync(fuzzDir, {recursive: true});
    warehouse = await openWarehouse(join(dir, "fuzz.duckdb"));
    // The valid files first, so damaged copies replace their rows (rows_replaced) as well as add new ones.
    for (const base of bases) {
      const results = await loadFile(warehouse.conn, join(sampleDir, base));
      expect(
        results.every((r) => r.status === "loaded" || r.status === "skipped"),
        `${base}: ${JSON.stringify(results)}`
      ).toBe(true);
    }
  });

  it(`ends every one of up to ${rounds} mutated files in a clear refusal or exact accounting (seed ${seed})`, async () => {
    const rng = new Rng(seed, "fuzz");
    const started = performance.now();
    let round = 0;
    for (; round < rounds && performance.now() - started < budgetMs; round++) {
      const base = rng.pick(bases);
      const ext = extname(base);
      // Damaged zip bytes nearly always fail the CRC; most workbook and CSV rounds edit the content instead.
      const byteLevel = mutations.filter((m) => m.formats.length > 1);
      const contentLevel = mutations.filter((m) => m.formats.length === 1 && m.formats[0] === ext);
      let bytes: Buffer = readFileSync(join(sampleDir, base));
      const applied: string[] = [];
      for (let n = rng.chance(0.3) ? 2 : 1; n > 0; n--) {
        const mutation = rng.pick(contentLevel.length && rng.chance(0.7) ? contentLevel : byteLevel);
        bytes = mutation.apply(bytes, rng.fork(`${round}/${n}`));
        applied.push(mutation.name);
      }
      const globbed = round % 5 === 2 && (ext === ".csv" || ext === ".parquet");
      const path = join(fuzzDir, `round-${String(round).padStart(3, "0")}${globbed ? "[1]*" : ""}${ext}`);
      if (globbed) {
        // The makers write the file and its sibling; the file is then replaced by the mutated bytes.
        await (ext === ".csv" ? globNamedCsv(path) : globNamedParquet(path));
        expect(globSibling(path)).not.toBe(path);
      }
      writeFileSync(path, bytes);
      const what = `round ${round}: ${base} ← ${applied.join(" + ")}`;

      const before = await counts(warehouse);
      let results: LoadResult[];
      try {
        results = await loadFile(warehouse.conn, path);
      } catch (error) {
        throw new Error(`${what}: loadFile threw instead of reporting: ${(error as Error).stack}`);
      }
      const after = await counts(warehouse);
      const delta = (t: string) => after[t]! - before[t]!;

      let outcome: Outcome;
      const failed = results.find((r) => r.status === "failed");
      if (failed) {
        expect(results, what).toHaveLength(1);
        expectCleanMessage(failed.message, `${what} (${path})`);
        for (const t of tables)
          expect(delta(t), `${what}: ${t} changed by a refused file`).toBe(t === "load_log" ? 1 : 0);
        outcome = "refused";
        const kind = failed.message!.replace(/第 \d+ 行|第 \d+ 列（[A-Z]+）|“[^”]*”|\d+/g, "…").slice(0, 40);
        refusals.set(kind, (refusals.get(kind) ?? 0) + 1);
      } else {
        const loaded = results.filter((r) => r.status === "loaded");
        for (const r of loaded) {
          expect(r.rows_read, what).toBe(r.rows_loaded + r.rows_rejected);
          const table = contracts.find((c) => c.kind === r.source)!.table;
          expect(await scalar(warehouse, `select count(*) from ${table} where load_id = ${r.load_id}`), what).toBe(
            r.rows_loaded
          );
          expect(
            await scalar(warehouse, `select count(distinct source_row) from rejects where load_id = ${r.load_id}`),
            what
          ).toBe(r.rows_rejected);
        }
        for (const r of results.filter((r) => r.status === "skipped")) expectCleanMessage(r.message, what);
        for (const contract of contracts) {
          const moved = loaded
            .filter((r) => r.source === contract.kind)
            .reduce((s, r) => s + r.rows_loaded - r.rows_replaced, 0);
          expect(delta(contract.table), `${what}: ${contract.table}`).toBe(moved);
        }
        expect(delta("load_log"), what).toBe(loaded.length);
        const unchanged = results.every((r) => r.status === "unchanged");
        if (unchanged) for (const t of tables) expect(delta(t), what).toBe(0);
        outcome = unchanged ? "unchanged" : loaded.some((r) => r.rows_rejected > 0) ? "loaded with rejects" : "loaded";
      }
      files.push({path, outcome});
      tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
    }
    // The siblings' rows (不应载入的药品) were never read, as rows or as rejected cells.
    expect(
      await scalar(
        warehouse,
        `select (select count(*) from raw_orders where generic_name = '不应载入的药品')
              + (select count(*) from raw_nrdl where drug_name = '不应载入的药品')
              + (select count(*) from rejects where value = '不应载入的药品')`
      )
    ).toBe(0);
    warehouse.close();
    console.log(
      `fuzz (seed ${seed}): ${round} rounds in ${Math.round((performance.now() - started) / 1000)} s — ` +
        [...tally].map(([k, n]) => `${n} ${k}`).join(", ") +
        `\n  refusals: ${[...refusals]
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `${n} × ${k}`)
          .join("\n            ")}`
    );
    expect(round).toBeGreaterThanOrEqual(40);
    expect(tally.get("refused") ?? 0).toBeGreaterThan(0);
    expect((tally.get("loaded") ?? 0) + (tally.get("loaded with rejects") ?? 0)).toBeGreaterThan(0);
  }, 120_000);

  it(`gives the same outcomes through the CLI: exit 1 with a one-line reason when a file is refused (first ${cliFiles} files)`, () => {
    const subset = files.slice(0, cliFiles);
    const result = jicai(["load", ...subset.map((f) => f.path), "--db", join(dir, "cli.duckdb"), "--json"]);
    expect(result.stderr).not.toMatch(/\n\s+at |Stack Trace/);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as LoadResult);
    for (const f of subset) {
      const mine = lines.filter((l) => l.file === f.path);
      expect(mine.length, f.path).toBeGreaterThan(0);
      expect(
        mine.some((l) => l.status === "failed"),
        `${f.path}: ${JSON.stringify(mine)}`
      ).toBe(f.outcome === "refused");
      for (const l of mine.filter((l) => l.status === "failed")) expectCleanMessage(l.message, f.path);
    }
    const refused = subset.some((f) => f.outcome === "refused");
    expect(result.status).toBe(refused ? 1 : 0);
    if (refused) expect(result.stderr.trim().split("\n").at(-1)).toMatch(/^jicai load: \d+ 个文件载入失败：/);
  });
});

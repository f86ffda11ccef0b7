// What a load leaves behind, reduced to a comparable fingerprint: the report lines, every rejected cell and every
// landed row (as hashes with counts). load-fingerprint.test.ts compares the bad-input corpus and the real files
// against test/fixtures/load-fingerprint.json, written from the loader before the speed work of issue 19 (main at 2512a53).
// Regenerate (only when a change to what loads is intended, and say so in the commit):
//   npx tsx test/load/load-fingerprint.ts --write
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {loadFile, type LoadOptions, type LoadResult} from "../../pipelines/load/load-file.js";
import {readMappingFile} from "../../pipelines/load/mappings.js";
import {replacedTableName} from "../../pipelines/warehouse/raw-tables.js";
import {contracts} from "../../pipelines/sources/index.js";
import {openWarehouse} from "../../pipelines/warehouse/open.js";

export const fingerprintFile = fileURLToPath(new URL("../fixtures/load-fingerprint.json", import.meta.url));
const corpusDir = fileURLToPath(new URL("../fixtures/bad/", import.meta.url));
export const realDir = fileURLToPath(new URL("../../../shared/real-files/", import.meta.url));
const exampleMapping = fileURLToPath(
  new URL("../../data/mappings/examples/guangdong-drug-prices.json", import.meta.url)
);

export interface FingerprintInput {
  /** Key in the fixture: corpus/<name> or real/<name>. */
  key: string;
  path: string;
  options: LoadOptions;
}

/** The committed corpus files (the generated ones are pinned by bad-inputs.test.ts) and the real files. */
export function fingerprintInputs(): FingerprintInput[] {
  const manifest = JSON.parse(readFileSync(join(corpusDir, "manifest.json"), "utf8")) as {cases: {file: string}[]};
  const corpus = manifest.cases.map((c) => ({key: `corpus/${c.file}`, path: join(corpusDir, c.file), options: {}}));
  const realOptions: Record<string, LoadOptions> = {
    "dxqls_hainan_drugs.xlsx": {province: "海南省"},
    "dxqls_hainan_drugs.gb18030.csv": {province: "海南省"},
    "dxqls_hainan_consumables_500.xlsx": {province: "海南省"},
    "dxqls_guizhou_drugs.xlsx": {batch: "贵州省药品集中带量采购"},
    "dxqls_guizhou_drugs.xls": {batch: "贵州省药品集中带量采购"},
    "dxqls_guangdong_jicai_drugs.xlsx": {province: "广东省", mapping: {file: readMappingFile(exampleMapping)}},
    "ccpic_pricevolume_price_cut_sales.xlsx": {},
    "dxqls_guizhou_consumables.xlsx": {},
    "medimodel_rule_drug.csv": {}
  };
  const real = Object.entries(realOptions).map(([name, options]) => ({
    key: `real/${name}`,
    path: join(realDir, name),
    options
  }));
  return [...corpus, ...real];
}

type Line = Omit<LoadResult, "file" | "plan" | "timings">;

export interface Fingerprint {
  lines: Line[];
  /** Per table: how many rows, and the MD5 of all of them sorted (load bookkeeping columns left out). */
  tables: Record<string, {rows: number; md5: string}>;
  /** Rejected cells by column and reason (row numbers taken out), with how many. */
  rejectReasons: Record<string, number>;
}

/** Loads one file into a fresh warehouse and fingerprints what it left. */
export async function fingerprintOf(input: FingerprintInput, dir: string): Promise<Fingerprint> {
  const warehouse = await openWarehouse(join(dir, `${Math.random().toString(36).slice(2)}.duckdb`));
  try {
    const {conn} = warehouse;
    // A fixed --as-of: a listing file's prices are otherwise valid from its modification date, which a checkout sets.
    const results = await loadFile(conn, input.path, {
      homeProvince: () => "江川省",
      asOf: "2025-01-01",
      ...input.options
    });
    // The absolute path differs by checkout; the file's own name stays in the messages.
    const lines = results.map(({file: _file, plan: _plan, timings: _timings, ...line}) => ({
      ...line,
      ...(line.message ? {message: line.message.replaceAll(input.path, "<file>")} : {})
    }));
    const tables: Fingerprint["tables"] = {};
    const landed = [...contracts.flatMap((c) => [c.table, replacedTableName(c)]), "rejects"];
    for (const table of landed) {
      const reader = await conn.runAndReadAll(
        `select count(*)::integer, coalesce(md5(string_agg(t::varchar, chr(10) order by t::varchar)), '')
         from (select * exclude (load_id, ${table === "rejects" ? "file" : "source_file"}) from ${table}) as t`
      );
      const [rows, md5] = reader.getRows()[0]!;
      if (Number(rows) > 0) tables[table] = {rows: Number(rows), md5: String(md5)};
    }
    const reasons = await conn.runAndReadAll(
      `select column_name || ': ' || regexp_replace(reason, '第 \\d+ 行', '第 N 行', 'g') as reason, count(*)::integer
       from rejects group by all order by all`
    );
    const rejectReasons = Object.fromEntries(reasons.getRows().map(([r, n]) => [String(r), Number(n)]));
    return {lines: lines as Line[], tables, rejectReasons};
  } finally {
    warehouse.close();
  }
}

/** Every input's fingerprint, keyed as in the fixture. */
export async function fingerprintAll(dir: string): Promise<Record<string, Fingerprint>> {
  const all: Record<string, Fingerprint> = {};
  for (const input of fingerprintInputs()) all[input.key] = await fingerprintOf(input, dir);
  return all;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes("--write")) {
  if (!existsSync(realDir)) throw new Error(`missing ${realDir}`);
  const dir = mkdtempSync(join(tmpdir(), "jicai-fingerprint-"));
  try {
    const all = await fingerprintAll(dir);
    writeFileSync(fingerprintFile, `${JSON.stringify(all, null, 1)}\n`);
    console.log(`wrote ${Object.keys(all).length} fingerprints to ${fingerprintFile}`);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

import {copyFileSync, mkdirSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {beforeAll, describe, expect, it} from "vitest";
import {loadFile, type LoadOptions, type LoadResult} from "../../pipelines/load/load-file.js";
import {readMappingFile} from "../../pipelines/load/mappings.js";
import {jicai} from "../helpers/cli.js";
import {libreOfficeSheets} from "../helpers/libreoffice.js";
import {expectCleanMessage} from "../helpers/messages.js";
import {tempDir} from "../helpers/temp.js";
import {newWarehouse, rows} from "../helpers/warehouse.js";

/**
 * The real files bureaus hold (../shared/real-files beside the repository, never copied into it): every one
 * loads with exact accounting and three values that agree with LibreOffice's reading of the same file, or is
 * refused with one Chinese line that says what to do.
 */

const realDir = fileURLToPath(new URL("../../../shared/real-files/", import.meta.url));
const real = (name: string) => join(realDir, name);
const exampleMapping = fileURLToPath(
  new URL("../../data/mappings/examples/guangdong-drug-prices.json", import.meta.url)
);
const dir = tempDir();
const home = () => "江川省";

/** A value the load must have read from a cell: the loaded column at a row against LibreOffice's cell. */
interface Check {
  row: number;
  column: string;
  /** The LibreOffice cell (0-based column) at this row, or at another row (a "same as above" cell). */
  cell: number;
  cellRow?: number;
}

interface Case {
  file: string;
  options: LoadOptions;
  lines: Partial<LoadResult>[];
  /** The workbook LibreOffice reads for the checks (the CSV's original workbook), and its sheet. */
  original: string;
  sheet: string;
  table: string;
  checks: Check[];
}

const hainanChecks: Check[] = [
  {row: 2, column: "product_code", cell: 0},
  {row: 7305, column: "pack", cell: 3},
  {row: 17886, column: "listed_price", cell: 7}
];

const cases: Case[] = [
  {
    file: "dxqls_hainan_drugs.xlsx",
    options: {province: "海南省"},
    lines: [{source: "listing-prices", rows_read: 17885, rows_loaded: 17433, rows_rejected: 452}],
    original: "dxqls_hainan_drugs.xlsx",
    sheet: "Sheet1",
    table: "raw_listing_prices",
    checks: hainanChecks
  },
  {
    file: "dxqls_hainan_drugs.gb18030.csv",
    options: {province: "海南省"},
    lines: [{source: "listing-prices", rows_read: 17885, rows_loaded: 17433, rows_rejected: 452}],
    original: "dxqls_hainan_drugs.xlsx",
    sheet: "Sheet1",
    table: "raw_listing_prices",
    checks: hainanChecks
  },
  {
    file: "dxqls_hainan_consumables_500.xlsx",
    options: {province: "海南省"},
    lines: [{source: "listing-prices", rows_read: 50, rows_loaded: 50, rows_rejected: 0}],
    original: "dxqls_hainan_consumables_500.xlsx",
    sheet: "Sheet1",
    table: "raw_listing_prices",
    checks: [
      {row: 2, column: "product_code", cell: 0},
      {row: 30, column: "generic_name", cell: 1},
      {row: 51, column: "listed_price", cell: 6}
    ]
  },
  ...["dxqls_guizhou_drugs.xlsx", "dxqls_guizhou_drugs.xls"].map((file) => ({
    file,
    options: {batch: "贵州省药品集中带量采购"},
    lines: [{source: "batch-results", rows_read: 2885, rows_loaded: 687, rows_rejected: 2198}],
    original: "dxqls_guizhou_drugs.xlsx",
    sheet: "Sheet1",
    table: "raw_batch_results",
    checks: [
      {row: 2, column: "enterprise", cell: 4},
      {row: 12, column: "price_per_pack", cell: 5},
      {row: 33, column: "spec", cell: 2}
    ]
  })),
  {
    file: "dxqls_guangdong_jicai_drugs.xlsx",
    options: {province: "广东省", mapping: {file: readMappingFile(exampleMapping)}},
    lines: [{source: "listing-prices", rows_read: 58050, rows_loaded: 150, rows_rejected: 57900}],
    original: "dxqls_guangdong_jicai_drugs.xlsx",
    sheet: "Sheet1",
    table: "raw_listing_prices",
    checks: [
      {row: 1, column: "product_code", cell: 10},
      {row: 1, column: "listed_price", cell: 7},
      {row: 150, column: "generic_name", cell: 1}
    ]
  },
  {
    file: "ccpic_pricevolume_price_cut_sales.xlsx",
    options: {},
    lines: [
      {sheet: "Very Raw", source: "nrdl", rows_read: 46, rows_loaded: 46, rows_rejected: 0, rows_filled: 10},
      {sheet: "Raw Data", source: "nrdl", rows_read: 29, rows_loaded: 7, rows_rejected: 22},
      {sheet: "CHPA", source: "nrdl", rows_read: 29, rows_loaded: 0, rows_rejected: 29}
    ],
    original: "ccpic_pricevolume_price_cut_sales.xlsx",
    sheet: "Very Raw",
    table: "raw_nrdl",
    checks: [
      {row: 2, column: "payment_standard", cell: 4},
      // 思瑞康 200mg/片: 通用名 left blank, "same as above"
      {row: 7, column: "drug_name", cell: 1, cellRow: 6},
      {row: 7, column: "standard_unit", cell: 3}
    ]
  }
];

const refused = [
  {
    file: "dxqls_guizhou_consumables.xlsx",
    message: [
      "无法识别数据来源",
      "第 1 行“医保编码 | 医用耗材单件产品名称 | 注册证号”中只有“医保编码”是已知的列，不足以判断来源",
      "--map",
      "无需载入"
    ]
  },
  {
    file: "medimodel_rule_drug.csv",
    message: ["无法识别数据来源", "表头 14 列中只有 2 列（药品编码、药品名称）是已知的列", "--source", "无需载入"]
  }
];

let original: Map<string, Map<string, string[][]>>;

beforeAll(() => {
  const workbooks = [...new Set(cases.map((c) => c.original))].map(real);
  original = libreOfficeSheets(workbooks, join(dir, "libreoffice"));
}, 600_000);

/** A cell's text as the loader cleans text: full-width ASCII forms half-width, runs of white space one space. */
function cleaned(text: string): string {
  return text
    .replace(/[！-～]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, " ")
    .trim();
}

/** The same value: numbers compared as numbers (LibreOffice writes 5.8 where a cell held 5.80), text cleaned. */
function sameValue(loaded: unknown, cell: string): void {
  if (typeof loaded === "number" || /^-?\d+(\.\d+)?$/.test(String(loaded)))
    expect(Number(loaded)).toBeCloseTo(Number(cell), 6);
  else expect(String(loaded)).toBe(cleaned(cell));
}

describe("real bureau files", () => {
  for (const c of cases) {
    it(`${c.file}: exact accounting, and three values as LibreOffice reads them`, async () => {
      const w = await newWarehouse(dir);
      const results = await loadFile(w.conn, real(c.file), {homeProvince: home, ...c.options});
      expect(results.map((r) => r.status)).toEqual(c.lines.map(() => "loaded"));
      results.forEach((r, i) => {
        expect(r).toMatchObject(c.lines[i]!);
        expect(r.rows_read).toBe(r.rows_loaded + r.rows_rejected);
      });
      const sheet = original.get(c.original)!.get(c.sheet)!;
      const loadId = results.find((r) => (r.sheet ?? c.sheet) === c.sheet)!.load_id;
      for (const check of c.checks) {
        const [row] = await rows(
          w,
          `select ${check.column}::varchar as v from ${c.table} where load_id = ${loadId} and source_row = ${check.row}`
        );
        expect(row, `${c.file} row ${check.row}`).toBeDefined();
        sameValue(row!.v, sheet[(check.cellRow ?? check.row) - 1]![check.cell]!);
      }
      w.close();
    }, 300_000);
  }

  for (const r of refused) {
    it(`${r.file}: refused with one Chinese line that says what to do`, async () => {
      const w = await newWarehouse(dir);
      const [result] = await loadFile(w.conn, real(r.file), {homeProvince: home});
      expect(result!.status).toBe("failed");
      expectCleanMessage(result!.message);
      for (const fragment of r.message) expect(result!.message).toContain(fragment);
      expect(await rows(w, "select count(*)::integer as n from raw_listing_prices")).toEqual([{n: 0}]);
      w.close();
    });
  }

  it("Hainan's workbook and its GB18030 CSV load to the same rows; distinct national codes are never duplicates", async () => {
    const tables = [];
    for (const file of ["dxqls_hainan_drugs.xlsx", "dxqls_hainan_drugs.gb18030.csv"]) {
      const w = await newWarehouse(dir);
      await loadFile(w.conn, real(file), {province: "海南省"});
      tables.push(
        await rows(w, `select * exclude (load_id, source_file, sheet) from raw_listing_prices order by source_row`)
      );
      // 336 listings share name, form, spec, pack and enterprise and differ only in 药品统一编码.
      const [shared] = await rows(
        w,
        `select count(*)::integer as n from (
           select province, generic_name, dosage_form, spec, pack, enterprise from raw_listing_prices
           group by all having count(distinct product_code) > 1)`
      );
      expect(shared!.n).toBeGreaterThan(0);
      expect(await rows(w, "select count(*)::integer as n from rejects where reason like '%重复%'")).toEqual([{n: 0}]);
      expect(await rows(w, "select distinct province, category from raw_listing_prices")).toEqual([
        {province: "海南省", category: "药品"}
      ]);
      w.close();
    }
    expect(tables[0]!.length).toBe(17433);
    // Every character whole: the workbook's shared strings once lost characters split between two chunks.
    expect(tables[0]!.filter((row) => JSON.stringify(row).includes("\uFFFD"))).toEqual([]);
    expect(tables[0]!.find((row) => row.source_row === 832)!.pack).toBe("每8丸重1.44克(每8丸相当于饮片3克)*200丸/瓶");
    expect(tables[1]).toEqual(tables[0]);
  }, 300_000);

  it("Guizhou's .xls and .xlsx give identical rows", async () => {
    const tables = [];
    for (const file of ["dxqls_guizhou_drugs.xlsx", "dxqls_guizhou_drugs.xls"]) {
      const w = await newWarehouse(dir);
      await loadFile(w.conn, real(file), {batch: "贵州省药品集中带量采购"});
      tables.push(
        await rows(w, `select * exclude (load_id, source_file) from raw_batch_results order by source_row`),
        await rows(w, `select source_row, column_name, value, reason from rejects order by source_row, column_name`)
      );
      w.close();
    }
    expect(tables[0]!.length).toBe(687);
    expect(tables[2]).toEqual(tables[0]);
    expect(tables[3]).toEqual(tables[1]);
    expect(tables[1]!.filter((r) => r.column_name === "enterprise")).toHaveLength(2195);
  }, 120_000);

  it("the consumables file loads as 耗材 with its national codes", async () => {
    const w = await newWarehouse(dir);
    await loadFile(w.conn, real("dxqls_hainan_consumables_500.xlsx"), {province: "海南省"});
    expect(
      await rows(
        w,
        `select category, count(*)::integer as n, count(*) filter (where product_code like 'C%')::integer as coded
         from raw_listing_prices group by all`
      )
    ).toEqual([{category: "耗材", n: 50, coded: 50}]);
    w.close();
  });

  it("a saved mapping is reused by a later file of the same template, and the load line names it", async () => {
    const mappings = join(dir, "mappings");
    mkdirSync(mappings, {recursive: true});
    copyFileSync(exampleMapping, join(mappings, "guangdong.json"));
    const w = await newWarehouse(dir);
    const [result] = await loadFile(w.conn, real("dxqls_guangdong_jicai_drugs.xlsx"), {
      province: "广东省",
      mapping: {saved: [readMappingFile(join(mappings, "guangdong.json"))]}
    });
    expect(result).toMatchObject({status: "loaded", rows_loaded: 150, rows_rejected: 57900});
    expect(result!.message).toContain("按映射文件");
    expect(result!.ignored_columns).toEqual(["A 列", "G 列", "I 列", "J 列", "L 列", "M 列", "N 列", "O 列"]);
    const [log] = await rows(w, "select mapping_file, ignored_columns from load_log");
    expect(log!.mapping_file).toBe(join(mappings, "guangdong.json"));
    w.close();
  }, 120_000);
});

describe("jicai load on the real files, as a user runs it", () => {
  const run = (args: string[]) => {
    const db = join(dir, `cli-${Math.random().toString(36).slice(2)}.duckdb`);
    return jicai(["load", ...args, "--db", db], {JICAI_MAPPINGS: join(dir, "no-mappings")});
  };
  const loadLines = (stdout: string) => stdout.trim().split("\n");

  it("prints one clear line per sheet: context, misspellings, filled rows and ignored columns", () => {
    const out = run([real("ccpic_pricevolume_price_cut_sales.xlsx"), real("dxqls_hainan_consumables_500.xlsx")]);
    const lines = loadLines(out.stdout);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^已载入 .*\[Very Raw\]  nrdl  读取 46 = 载入 46 \+ 拒绝 0；/);
    expect(lines[0]).toContain("表头“医保支忖价”按“医保支付标准”的常见笔误读取");
    expect(lines[0]).toContain("10 行的空白标识列按“同上”从上一行补全");
    expect(lines[0]).toMatch(/未使用的列：商品名、厂家、.* 等 \d+ 列$/);
    expect(lines[1]).toContain("与工作表“Very Raw”的其他行重复");
    expect(lines[3]).toMatch(/listing-prices  读取 50 = 载入 50 \+ 拒绝 0；/);
    expect(lines[3]).toContain("未含省份列，按本地政策省份 江川省 载入（其他省份的文件请用 --province 指定）");
    expect(lines[3]).toContain("品类按表头“耗材统一编码”判为耗材");
    expect(lines[3]).toContain("未使用的列：注册证编号、材质");
    for (const line of lines) expect(line).not.toMatch(/\n|Error/);
  }, 300_000);

  it("loads Guangdong's headerless export with --province and one mapping file", () => {
    const out = run([real("dxqls_guangdong_jicai_drugs.xlsx"), "--province", "广东省", "--mapping", exampleMapping]);
    expect(out.status).toBe(0);
    const [line] = loadLines(out.stdout);
    expect(line).toMatch(/listing-prices  读取 58050 = 载入 150 \+ 拒绝 57900（与其他行重复：/);
    expect(line).toContain("未含省份列，按 --province 载入为广东省");
    expect(line).toContain("按映射文件");
  }, 300_000);

  it("says why the Guizhou rows without an enterprise are rejected", () => {
    const out = run([real("dxqls_guizhou_drugs.xls"), "--batch", "贵州省药品集中带量采购"]);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(
      "batch-results  读取 2885 = 载入 687 + 拒绝 2198（中选企业为空：中选结果须写明企业才能与采购订单对应，请补全企业名称后重新载入 2195 行"
    );
  }, 120_000);

  it("refuses the files that are not sources, exit 1, one line each", () => {
    const out = run([real("dxqls_guizhou_consumables.xlsx"), real("medimodel_rule_drug.csv")]);
    expect(out.status).toBe(1);
    const lines = loadLines(out.stdout);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^失败  .*：(工作表“Sheet1”|文件)无法识别数据来源：.*无需载入$/);
  }, 120_000);
});

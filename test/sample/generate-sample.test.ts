import {createHash} from "node:crypto";
import {mkdtempSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {detectHeader, type TopRow} from "../../pipelines/read/detect.js";
import {generateSample, type SampleResult} from "../../pipelines/sample/generate-sample.js";
import {contracts} from "../../pipelines/sources/index.js";
import {csvRows, readWorkbook, topRows} from "./sample-files.js";

const scale = 0.05;
let dirA: string;
let dirB: string;
let result: SampleResult;

beforeAll(async () => {
  dirA = mkdtempSync(join(tmpdir(), "jicai-sample-a-"));
  dirB = mkdtempSync(join(tmpdir(), "jicai-sample-b-"));
  result = await generateSample({seed: 1, scale, out: dirA});
  await generateSample({seed: 1, scale, out: dirB});
});

afterAll(() => {
  rmSync(dirA, {recursive: true, force: true});
  rmSync(dirB, {recursive: true, force: true});
});

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const report = (name: string) => result.reports.find((r) => r.file === name)!;

describe("jicai sample files", () => {
  it("are byte-identical for the same seed and scale (xlsx included)", () => {
    const files = readdirSync(dirA).sort();
    expect(readdirSync(dirB).sort()).toEqual(files);
    expect(files.length).toBe(result.reports.length);
    expect(files.some((f) => f.endsWith(".xlsx"))).toBe(true);
    for (const f of files) expect(sha256(join(dirB, f)), f).toBe(sha256(join(dirA, f)));
  });

  it("change with the seed", async () => {
    const dirC = mkdtempSync(join(tmpdir(), "jicai-sample-c-"));
    try {
      await generateSample({seed: 2, scale, out: dirC});
      const orders = result.reports.find((r) => r.source === "orders")!.file;
      expect(sha256(join(dirC, orders))).not.toBe(sha256(join(dirA, orders)));
    } finally {
      rmSync(dirC, {recursive: true, force: true});
    }
  });

  it("have headers that the source contracts recognise, every column of them", async () => {
    for (const r of result.reports) {
      const path = join(dirA, r.file);
      const checks: {where: string; rows: TopRow[]; lastHeaderRow: number; preset?: string[]}[] = [];
      if (r.file.endsWith(".xlsx")) {
        const workbook = await readWorkbook(path);
        for (const s of r.sheets!) {
          const last = s.headerRows[s.headerRows.length - 1];
          checks.push({
            where: `${r.file}[${s.name}]`,
            rows: topRows(workbook.getWorksheet(s.name)!, last + 2),
            lastHeaderRow: last - 1
          });
        }
      } else if (r.file.endsWith(".csv")) {
        const [header, ...data] = csvRows(path, r.encoding!).slice(0, 3);
        checks.push({
          where: r.file,
          rows: [header, ...data].map((cells, i) => ({sourceRow: i + 1, cells})),
          lastHeaderRow: 0
        });
      } else {
        checks.push({where: r.file, rows: [], lastHeaderRow: -1, preset: await parquetColumns(path)});
      }
      for (const c of checks) {
        const detected = detectHeader(c.rows, contracts, c.preset)!;
        expect(detected?.contract.kind, c.where).toBe(r.source);
        expect(detected.missing, c.where).toEqual([]);
        expect(detected.duplicates, c.where).toEqual([]);
        expect(detected.lastHeaderRow, c.where).toBe(c.lastHeaderRow);
        const headerWidth =
          c.preset?.length ?? c.rows[c.lastHeaderRow].cells.filter((t) => t !== null && t !== "").length;
        expect(detected.matches.length, `${c.where}: unrecognised header cells`).toBe(headerWidth);
      }
    }
  });

  it("write orders in GBK, not UTF-8", () => {
    const orders = result.reports.filter((r) => r.source === "orders");
    expect(orders.length).toBe(9);
    const bytes = readFileSync(join(dirA, orders[1].file));
    expect(() => new TextDecoder("utf-8", {fatal: true}).decode(bytes)).toThrow();
    const text = new TextDecoder("gb18030", {fatal: true}).decode(bytes);
    expect(text.slice(0, 40)).toMatch(/订单|采购/);
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
  });

  it("give every order line a known institution and an exact amount (qty × price, to the fen)", () => {
    const hospitals = new Set(result.model.hospitals.map((h) => h.code));
    let lines = 0;
    let bad = 0;
    let late = 0;
    for (const r of result.reports.filter((r) => r.source === "orders")) {
      const [, ...rows] = csvRows(join(dirA, r.file), "gbk");
      expect(rows.length).toBe(r.rows);
      for (const f of rows) {
        expect(hospitals.has(f[2]), f[2]).toBe(true);
        const qty = Number(f[10]);
        const price = Math.round(Number(f[12]) * 100);
        if (!Number.isInteger(qty) || price <= 0 || /-02-30|2月30|\.2\.30/.test(f[14])) {
          bad++;
          continue;
        }
        expect(Math.round(Number(f[13]) * 100)).toBe(qty * price);
        if (f[15] && f[16] && dayOf(f[16]) - dayOf(f[15]) > 30) late++;
        lines++;
      }
    }
    const generated = result.reports.filter((r) => r.source === "orders").reduce((s, r) => s + r.rows, 0);
    expect(lines + bad).toBe(generated);
    expect(bad).toBeGreaterThan(0);
    expect(bad / generated).toBeLessThan(0.005);
    expect(Math.abs(lines - 200_000 * scale) / (200_000 * scale)).toBeLessThan(0.05);
    expect(late / lines).toBeGreaterThan(0.01);
    expect(late / lines).toBeLessThan(0.3);
  });

  it("give agreed volumes only to selected products of their own batch", () => {
    expect(result.model.agreedVolumes.length).toBeGreaterThan(0);
    for (const av of result.model.agreedVolumes) {
      expect(av.bid.selected).toBe(true);
      expect(av.batch.varieties).toContain(av.variety);
      expect(av.variety.bids).toContain(av.bid);
      expect(av.agreedUnits).toBeLessThanOrEqual(av.reportedUnits);
    }
    // The consumables file says the same: every product code in it is a selected code of the named batch.
    const selected = new Set(
      result.model.batches.flatMap((b) =>
        b.varieties.flatMap((v) => v.bids.filter((x) => x.selected).map((x) => `${b.spec.name}|${x.product.code}`))
      )
    );
    return readWorkbook(join(dirA, "约定采购量分解表（耗材）.xlsx")).then((workbook) => {
      const sheet = workbook.getWorksheet("耗材约定量")!;
      let rows = 0;
      sheet.eachRow((row, n) => {
        if (n <= report("约定采购量分解表（耗材）.xlsx").sheets![0].headerRows[0]) return;
        expect(selected.has(`${row.getCell(1).value}|${row.getCell(6).value}`)).toBe(true);
        rows++;
      });
      expect(rows).toBe(report("约定采购量分解表（耗材）.xlsx").rows);
    });
  });

  it("lay out result workbooks with title rows, a merged two-row header, formulas and rich text", async () => {
    const tenth = (await readWorkbook(join(dirA, "第十批国家组织药品集中采购拟中选结果表.xlsx"))).getWorksheet(
      "拟中选结果"
    )!;
    expect(String(tenth.getCell("A1").value)).toContain("拟中选结果表");
    expect(String(tenth.getCell("A2").value)).toMatch(/^公示日期：\d{4}年/);
    const merges: string[] = (tenth.model as unknown as {merges: string[]}).merges;
    expect(merges).toContain("J3:K3"); // 中选价格 over 每盒 / 最小制剂单位
    expect(merges).toContain("A3:A4"); // a single-row header cell merged down
    expect(tenth.getCell("J3").value).toBe("中选价格");
    expect(tenth.getCell("J4").value).toBe("每盒（元）");
    expect(tenth.getCell("K4").value).toBe("最小制剂单位（元）");
    expect(tenth.getCell("G5").value).toHaveProperty("richText");

    const ninth = (await readWorkbook(join(dirA, "第九批国家组织药品集中采购中选结果.xlsx"))).getWorksheet("中选结果")!;
    expect(String(ninth.getCell("J3").value)).toBe("中选价格\n（元/盒）");
    const formula = ninth.getCell("K4").value as {formula: string; result: number};
    expect(formula.formula).toBe("ROUND(J4/F4,4)");
    expect(formula.result).toBeCloseTo(Number(ninth.getCell("J4").value) / Number(ninth.getCell("F4").value), 4);

    const combined = (await readWorkbook(join(dirA, "国家集采药品协议期满接续采购中选结果（江川省）.xlsx")))
      .worksheets[0];
    expect(String(combined.getCell("B2").value)).toBe("药品名称");
    expect(String(combined.getCell("B3").value)).toMatch(/(口服常释剂型|缓释控释剂型|散剂|注射剂)$/);

    const perBatch = await readWorkbook(join(dirA, "省际联盟药品集采中选结果汇总.xlsx"));
    expect(perBatch.worksheets.map((s) => s.name)).toEqual(["江川等八省际联盟药品集采", "江川等十省际联盟中成药集采"]);
  });

  it("write the negotiated-drug catalogue as typed Parquet", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    try {
      const reader = await conn.runAndReadAll(
        `select count(*)::integer as n, min(协议有效期止)::varchar as first_end, typeof(any_value(医保支付标准)) as t from read_parquet('${join(dirA, "国家医保谈判药品目录.parquet")}')`
      );
      const [n, firstEnd, type] = reader.getRows()[0];
      expect(n).toBe(result.model.nrdl.length);
      expect(firstEnd).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(type).toBe("DECIMAL(18,2)");
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});

/** Days since the epoch of 2025-01-05, 2025年1月5日 or 2025.1.5. */
function dayOf(text: string): number {
  const [y, m, d] = text.split(/[-年月日.]/).map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

async function parquetColumns(path: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(`select column_name from (describe select * from read_parquet('${path}'))`);
    return reader.getRows().map((r) => String(r[0]));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

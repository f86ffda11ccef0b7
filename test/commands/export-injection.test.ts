import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import ExcelJS from "exceljs";
import {beforeAll, describe, expect, it} from "vitest";
import {openWarehouse} from "../../pipelines/warehouse/open.js";
import {readZip} from "../fixtures/xlsx/zip.js";
import {jicai} from "../helpers/cli.js";
import {tempDir} from "../helpers/temp.js";

/**
 * Hostile names from a bureau's inbox — HTML, script, quotes, spreadsheet formulas — load as plain text,
 * unchanged apart from the documented cell cleaning, and leave `jicai export` as text a spreadsheet will not
 * run: no formula cell in the .xlsx, a leading apostrophe on text that starts with = + - @ in both formats.
 */

const listingHeader = "省份,医保编码,通用名,剂型,规格,包装,转换比,生产企业,挂网价格（元）,全国最低价（元）,挂网状态";
const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** [generic name as written, as stored, enterprise as written, as stored]: cleaning only turns ＝ into =. */
const names: [string, string, string, string][] = [
  [
    "<script>alert(1)</script>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>"
  ],
  ['=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")', "+江川制药", "+江川制药"],
  ["@SUM(A1)", "@SUM(A1)", "-乙制药", "-乙制药"],
  ["＝CMD|'/C calc'!A0", "=CMD|'/C calc'!A0", `华阳"第一"制药 & 'x'`, `华阳"第一"制药 & 'x'`],
  ["</td><td>注入</td>", "</td><td>注入</td>", "-2+3", "-2+3"]
];

/** What an export must write for stored text: formula-like text gets a leading apostrophe. */
const exported = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** A CSV file's records (RFC 4180 quoting), without the BOM. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (record.push(field), (field = ""));
    else if (ch === "\n") (record.push(field.replace(/\r$/, "")), records.push(record), (record = []), (field = ""));
    else field += ch;
  }
  return records;
}

describe("hostile names through jicai load and jicai export", () => {
  const dir = tempDir("jicai-inject-");
  const db = join(dir, "w.duckdb");

  beforeAll(() => {
    const lines = names.map(([name, , enterprise], i) =>
      [
        "江川省",
        `XA0${i}`,
        csvField(name),
        "片剂",
        "5mg",
        "7片/盒",
        "7",
        csvField(enterprise),
        "3.50",
        "3.00",
        "挂网"
      ].join(",")
    );
    writeFileSync(join(dir, "listing.csv"), [listingHeader, ...lines].join("\r\n") + "\r\n");
    writeFileSync(
      join(dir, "hospitals.csv"),
      '医疗机构编码,机构名称\r\nHX1,<script>alert(1)</script>\r\nHX2,<img src=x onerror=alert(1)>\r\nHX3,"=HYPERLINK(""http://x"",""y"")"\r\n'
    );
    const load = jicai(["load", join(dir, "listing.csv"), join(dir, "hospitals.csv"), "--db", db, "--json"]);
    expect(load.status, load.stderr).toBe(0);
    const results = load.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(results.map((r) => [r.source, r.rows_loaded, r.rows_rejected])).toEqual([
      ["listing-prices", names.length, 0],
      ["hospitals", 3, 0]
    ]);
  });

  it("stores the names as text, unchanged, in staging and in the marts", async () => {
    const w = await openWarehouse(db, {readOnly: true});
    try {
      const query = async (sql: string) => (await w.conn.runAndReadAll(sql)).getRows();
      const stored = names.map(([, name, , enterprise]) => [name, enterprise]);
      expect(await query("select generic_name, enterprise from raw_listing_prices order by product_code")).toEqual(
        stored
      );
      expect(await query("select generic_name, enterprise from listing_compliance order by product_code")).toEqual(
        stored
      );
      expect(await query("select name from raw_hospitals order by hospital_code")).toEqual([
        ["<script>alert(1)</script>"],
        ["<img src=x onerror=alert(1)>"],
        ['=HYPERLINK("http://x","y")']
      ]);
    } finally {
      w.close();
    }
  });

  it("exports .xlsx without a single formula cell, formula-like text behind an apostrophe", async () => {
    const file = join(dir, "listing.xlsx");
    const result = jicai(["export", "listing_compliance", "--out", file, "--db", db]);
    expect(result.status, result.stderr).toBe(0);
    const sheetXml = readZip(readFileSync(file))
      .filter((e) => e.name.startsWith("xl/worksheets/"))
      .map((e) => e.data.toString("utf8"))
      .join("");
    expect(sheetXml).not.toMatch(/<f[ >]/);
    expect(sheetXml).not.toContain("<script>");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const nameColumn = headers.indexOf("通用名") + 1;
    const enterpriseColumn = headers.indexOf("生产企业") + 1;
    const codeColumn = headers.indexOf("医保编码") + 1;
    const rows: [string, unknown, unknown][] = [];
    sheet.eachRow((row, i) => {
      if (i === 1) return;
      expect(row.getCell(nameColumn).formula).toBeUndefined();
      rows.push([
        String(row.getCell(codeColumn).value),
        row.getCell(nameColumn).value,
        row.getCell(enterpriseColumn).value
      ]);
    });
    rows.sort((a, b) => a[0].localeCompare(b[0]));
    expect(rows.map(([, name, enterprise]) => [name, enterprise])).toEqual(
      names.map(([, name, , enterprise]) => [exported(name), exported(enterprise)])
    );
  });

  it("exports .csv with the same neutralisation and the HTML as plain text", () => {
    const file = join(dir, "listing.csv.out.csv");
    const result = jicai(["export", "listing_compliance", "--out", file, "--db", db]);
    expect(result.status, result.stderr).toBe(0);
    const [header, ...records] = parseCsv(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
    const at = (label: string) => header!.indexOf(label);
    const rows = records
      .map((r) => [r[at("医保编码")]!, r[at("通用名")]!, r[at("生产企业")]!])
      .sort((a, b) => a[0]!.localeCompare(b[0]!));
    expect(rows.map(([, name, enterprise]) => [name, enterprise])).toEqual(
      names.map(([, name, , enterprise]) => [exported(name), exported(enterprise)])
    );
  });
});

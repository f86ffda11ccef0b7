import {spawn} from "node:child_process";
import {readdirSync, readFileSync, statSync} from "node:fs";
import {fileURLToPath, pathToFileURL} from "node:url";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {beforeAll, describe, expect, it} from "vitest";
import {formatMoney} from "../../src/components/format.js";
import {parseCsv} from "../../src/components/csv.js";
import {launchBrowser} from "../browser/browser.js";
import {readPdfText} from "../browser/pdf-text.js";
import {jicai} from "../helpers/cli.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir("jicai-pack-test-");
const db = join(dir, "w.duckdb");
const out = join(dir, "pack");
const fullSite = join(dir, "full-site");
const bin = fileURLToPath(new URL("../../bin/jicai.js", import.meta.url));

/** A CLI run in the background, so another can start while it works. */
function jicaiInBackground(args: string[]): Promise<{status: number | null; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {stdio: ["ignore", "ignore", "pipe"]});
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (status) => resolve({status, stderr}));
  });
}
let hospitals: {code: string; name: string}[] = [];
let chosen: {code: string; name: string};

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  expect(jicai(["sample", "--scale", "0.05", "--out", join(dir, "inbox")]).status).toBe(0);
  expect(jicai(["load", join(dir, "inbox"), "--db", db]).status).toBe(0);
  const instance = await DuckDBInstance.create(db, {access_mode: "READ_ONLY"});
  const conn = await instance.connect();
  // The hospital with the most order lines, so its bundle has real content to leak next to.
  const rows = await conn.runAndReadAll(`
    select h.hospital_code, h.name, count(o.order_id) as lines
    from raw_hospitals h left join raw_orders o using (hospital_code)
    group by all order by lines desc, h.hospital_code`);
  hospitals = rows.getRows().map((r) => ({code: String(r[0]), name: String(r[1])}));
  chosen = hospitals[0]!;
  conn.closeSync();
  instance.closeSync();
  // The whole site, every hospital in it, built while the bundle is: the two must share nothing (a shared data
  // cache once put 281 other hospitals into a bundle built half a second before `npm run build`).
  const pack = jicaiInBackground(["hospital-pack", chosen.code, "--out", out, "--db", db]);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const site = jicaiInBackground(["site-build", "--out", fullSite, "--db", db]);
  const [packed, built] = await Promise.all([pack, site]);
  expect(packed.stderr).toBe("");
  expect(packed.status).toBe(0);
  expect(built.status, built.stderr).toBe(0);
}, 600_000);

describe("jicai hospital-pack", () => {
  it("writes files that name no other hospital by code or name", () => {
    const files = filesUnder(out);
    expect(files.map((f) => f.slice(out.length + 1)).sort()).toEqual(
      ["index.html", `约定量完成进度-${chosen.code}.csv`, `结余留用结算汇总-${chosen.code}.csv`].sort()
    );
    // every file is text (HTML with inline styles and SVG, CSV): reading bytes as text sees all they hold
    const text = files.map((f) => readFileSync(f, "utf8")).join("\n");
    // The bundle does carry the chosen hospital…
    expect(text).toContain(chosen.code);
    // …and not one other hospital's code or name (names shorter than 4 characters could be common words).
    const leaks = hospitals
      .filter((h) => h.code !== chosen.code)
      .flatMap((h) => [h.code, ...(h.name.length >= 4 && !chosen.name.includes(h.name) ? [h.name] : [])])
      .filter((needle) => text.includes(needle));
    expect(leaks).toEqual([]);
    expect(hospitals.length).toBeGreaterThan(10);
    // The site built at the same time does hold other hospitals: the check above could have failed.
    const full = filesUnder(fullSite)
      .filter((f) => f.includes("/_file/"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    expect(hospitals.filter((h) => full.includes(h.code)).length).toBeGreaterThan(10);
  });

  it("opens by double-click (file://, no server, no script) with the statement's figures, and prints numbered A4 pages", async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({locale: "zh-CN", viewport: {width: 1366, height: 768}});
      const requests: string[] = [];
      context.on("request", (r) => requests.push(r.url()));
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
      const url = pathToFileURL(join(out, "index.html")).href;
      await page.goto(url, {waitUntil: "load"});
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      await expect(page.locator("script").count()).resolves.toBe(0);
      // the figures of the bureau's warehouse, recomputed from this hospital's rows alone
      const [totals] = await sourceRows(`
        select coalesce(sum(retained) filter (where coalesce(is_period_complete, true)), 0)::varchar as owed,
               coalesce(sum(paid_amount), 0)::varchar as paid,
               coalesce(sum(retained) filter (where not is_period_complete), 0)::varchar as estimated,
               count(*)::integer as periods
        from retention_statement where hospital_code = '${chosen.code}'`);
      expect(Number(totals!.periods)).toBeGreaterThan(0);
      const total = (id: string) => page.locator(`[data-total="${id}"] .jc-doc-total-value`).innerText();
      const yuan = (v: unknown) => formatMoney(v as string, {unit: "元"});
      expect(await total("owed")).toBe(yuan(totals!.owed));
      expect(await total("paid")).toBe(yuan(totals!.paid));
      expect(await total("estimated")).toBe(yuan(totals!.estimated));
      await expect(page.locator("[data-statement]").count()).resolves.toBe(totals!.periods);
      await expect(page.locator('[data-meta="hospital"]').innerText()).resolves.toBe(
        `${chosen.name}（${chosen.code}）`
      );
      await expect(page.locator("[data-issuer]").innerText()).resolves.toBe("华阳市医疗保障局");
      await expect(page.locator('svg[aria-label="约定量完成进度"]').count()).resolves.toBe(1);

      await page.emulateMedia({media: "print"});
      await expect(page.locator(".jc-pack-guide").isVisible()).resolves.toBe(false);
      const sheets = await page.locator(".jc-sheet").count();
      const {pages, title, text} = readPdfText(await page.pdf({preferCSSPageSize: true, printBackground: true}));
      expect(pages).toBe(sheets);
      expect(pages).toBe(1 + Number(totals!.periods) + 1); // summary, one page per period, progress
      for (let k = 1; k <= sheets; k++) expect(text).toContain(`第 ${k} 页，共 ${sheets} 页`);
      expect(title).toContain(chosen.name);
      expect(text).toContain(yuan(totals!.owed));
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it("writes the statement lines and the progress as CSV files Excel reads", async () => {
    const summary = parseCsv(readFileSync(join(out, `结余留用结算汇总-${chosen.code}.csv`), "utf8"));
    const expected = await sourceRows(
      `select count(*)::integer as n from retention_statement where hospital_code = '${chosen.code}'`
    );
    expect(summary.length - 1).toBe(expected[0]!.n);
    expect(summary[0]).toContain("应留用金额（元）");
    const progress = parseCsv(readFileSync(join(out, `约定量完成进度-${chosen.code}.csv`), "utf8"));
    const years = await sourceRows(
      `select count(*)::integer as n from hospital_progress where hospital_code = '${chosen.code}'`
    );
    expect(progress.length - 1).toBe(years[0]!.n);
  });

  it("refuses an unknown hospital and a non-empty output directory", () => {
    const unknown = jicai(["hospital-pack", "H999", "--out", join(dir, "other"), "--db", db]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("没有医疗机构 H999");
    const busy = jicai(["hospital-pack", chosen.code, "--out", out, "--db", db]);
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain("输出目录不是空的");
  });
});

/** Rows of a query on the bureau's warehouse, read-only. */
async function sourceRows(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(db, {access_mode: "READ_ONLY"});
  try {
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
    conn.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}

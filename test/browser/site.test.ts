// End-to-end: build the site offline against a test warehouse, serve dist/ from a plain static server on
// 127.0.0.1, and check every page in Chromium.
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import ExcelJS from "exceljs";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {martValueLabels} from "../../pipelines/models/marts.js";
import {contracts} from "../../pipelines/sources/index.js";
import {parseCsv} from "../../src/components/csv.js";
import {formatInteger, formatMoney, formatNumber, formatPercent} from "../../src/components/format.js";
import {clippedTables, launchBrowser, sitePages, visit, type PageVisit} from "./browser.js";
import {buildSite, clearSiteCache, startPreview, type BuiltSite} from "./site-build.js";
import {serveStatic, type StaticServer} from "./static-server.js";
import {readPdfText} from "./pdf-text.js";
import {
  createTestWarehouse,
  hostileName,
  hostileValue,
  queryTestWarehouse,
  unreportedHospital
} from "./test-warehouse.js";

/** Every page in the site's navigation, as the static server sees it. */
const pages = sitePages();

let workDir: string;
let dbPath: string;
let site: BuiltSite;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "jicai-site-"));
  dbPath = await createTestWarehouse(workDir);
  site = await buildSite({dbPath, outDir: join(workDir, "dist")});
  server = await serveStatic(site.outDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await clearSiteCache();
  if (workDir) rmSync(workDir, {recursive: true, force: true});
});

function distFiles(dir: string): string[] {
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe("offline build", () => {
  it("builds without any network access", () => {
    expect(site.blocked).toEqual([]);
    // Framework colours its log when CI is set: compare the text without ANSI escapes.
    expect(site.output.replace(/\x1b\[[0-9;]*m/g, "")).toMatch(new RegExp(`built ${pages.length} pages`));
  });

  it("ships no reference to a CDN, web font or any https:// URL", () => {
    const offenders: string[] = [];
    for (const file of distFiles(site.outDir).filter((f) => /\.(html|js|css|json)$/.test(f))) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/cdn\.jsdelivr|fonts\.googleapis|fonts\.gstatic|https:\/\/[^\s"'`)]*/g)) {
        offenders.push(`${file.slice(site.outDir.length)}: ${match[0]}`);
      }
      // http:// appears only as XML namespace names (SVG, and SpreadsheetML in the Excel download), never fetched.
      for (const match of text.matchAll(/http:\/\/[^\s"'`)]*/g)) {
        if (!/^http:\/\/(www\.w3\.org|schemas\.openxmlformats\.org)\//.test(match[0]))
          offenders.push(`${file.slice(site.outDir.length)}: ${match[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

/** A bureau PC's screen. */
const bureauScreen = {width: 1366, height: 768};

describe.each(pages)("page $path", ({path}) => {
  let page: PageVisit;
  beforeAll(async () => {
    page = await visit(browser, server.origin, path, bureauScreen);
  });
  afterAll(async () => page?.context.close());

  it("renders with no error and no request leaving the site", async () => {
    expect(page.pageErrors).toEqual([]);
    expect(page.consoleErrors).toEqual([]);
    expect(page.cellErrors).toEqual([]);
    expect(page.foreignRequests).toEqual([]);
    expect(page.failedRequests).toEqual([]);
    expect(server.notFound).toEqual([]);
    // One title with an explicit ASCII id, and every heading has one (Framework's slugger drops Chinese).
    await expect(page.page.locator("h1[id]").count()).resolves.toBe(1);
    const headings = await page.page
      .locator("#observablehq-main :is(h1, h2, h3, h4)")
      .evaluateAll((hs) => hs.map((h) => ({id: h.id, text: h.textContent})));
    expect(headings.filter((h) => !/^[a-z][a-z0-9-]*$/.test(h.id))).toEqual([]);
  });

  it("fits a 1366 × 768 screen: no table scrolls sideways or runs past the window", async () => {
    expect(await clippedTables(page.page)).toEqual([]);
  });

  it("has an icon of its own, so the browser asks for no /favicon.ico", async () => {
    const href = await page.page.locator('head link[rel~="icon"]').getAttribute("href");
    expect(href).toMatch(/\.svg$/);
    const icon = await page.page.request.get(new URL(href!, page.page.url()).href);
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toBe("image/svg+xml");
    expect(server.notFound.filter((p) => /favicon/.test(p))).toEqual([]);
  });

  it("explains every 口径 in Chinese; table and column names only inside a closed 技术说明", async () => {
    const notes = await page.page.locator(".jc-basis").evaluateAll((blocks) =>
      blocks.map((block) => {
        const technical = block.querySelector("details");
        const visible = block.cloneNode(true) as Element;
        visible.querySelector("details")?.remove();
        return {
          visible: visible.textContent ?? "",
          technical: technical?.querySelector("summary")?.textContent ?? null,
          open: technical?.open ?? false
        };
      })
    );
    for (const note of notes) {
      expect(note.visible.match(/[A-Za-z_]{2,}/g)).toBeNull();
      expect(note.open).toBe(false);
      if (note.technical !== null) expect(note.technical).toContain("技术说明");
    }
  });

  it("links every page of the sidebar with .html paths that the static server resolves", async () => {
    const hrefs = await page.page
      .locator("#observablehq-sidebar a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    const pageLinks = new Set(hrefs.filter((h) => h && !h.startsWith("#")));
    expect([...pageLinks].sort()).toEqual(pages.map((p) => `.${p.path}`).sort());
  });
});

async function kpiValue(page: PageVisit, id: string): Promise<number> {
  const text = await page.page.locator(`[data-kpi="${id}"] .jc-kpi-value`).innerText();
  return Number(text.replaceAll(",", ""));
}

describe("数据质量 page", () => {
  let page: PageVisit;
  beforeAll(async () => {
    page = await visit(browser, server.origin, "/quality.html");
  });
  afterAll(async () => page?.context.close());

  it("shows the same rows-loaded total as the warehouse", async () => {
    const [expected] = await queryTestWarehouse(
      dbPath,
      "select sum(rows_loaded) as n from load_log where status = 'loaded'"
    );
    expect(await kpiValue(page, "rows-loaded")).toBe(Number(expected!.n));
  });

  it("summarises every source with its current rows", async () => {
    expect(await tableCount(page, "by-source")).toBe(contracts.length);
    const [expected] = await queryTestWarehouse(dbPath, "select count(*) as n from raw_orders");
    const headers = await page.page.locator('[data-table="by-source"] thead th').allInnerTexts();
    const orders = page.page.locator('[data-table="by-source"] tbody tr', {hasText: "平台采购明细"});
    await expect(orders.locator("td").nth(headers.indexOf("仓库现有行数")).innerText()).resolves.toBe(
      formatInteger(Number(expected!.n))
    );
  });

  it("shows rejected rows and failed loads as counted in the warehouse", async () => {
    const [expected] = await queryTestWarehouse(
      dbPath,
      "select (select count(distinct (load_id, source_row)) from rejects) as rows, (select count(*) from load_log where status = 'failed') as failed"
    );
    expect(await kpiValue(page, "rows-rejected")).toBe(Number(expected!.rows));
    expect(await kpiValue(page, "failed-loads")).toBe(Number(expected!.failed));
  });

  it("renders values as text, never as HTML", async () => {
    const cells = page.page.locator('[data-table="rejects"] td');
    await expect(cells.filter({hasText: hostileValue}).count()).resolves.toBeGreaterThan(0);
    await expect(page.page.locator('[data-table="rejects"] img').count()).resolves.toBe(0);
    expect(await page.page.title()).not.toBe("pwned");
  });

  it("filters the loads table by status", async () => {
    const rows = page.page.locator('[data-table="loads"] tbody tr');
    const all = await rows.count();
    const [expected] = await queryTestWarehouse(dbPath, "select count(*) as n from load_log where status = 'failed'");
    expect(Number(expected!.n)).toBeGreaterThan(0); // 工作说明.csv matches no source
    await page.page.locator("select").first().selectOption({label: "失败"});
    await expect.poll(() => rows.count()).toBe(Number(expected!.n));
    expect(Number(expected!.n)).toBeLessThan(all);
  });

  it("downloads the rejects table as a CSV that parses back to the rows shown", async () => {
    const [download] = await Promise.all([
      page.page.waitForEvent("download"),
      page.page.locator('[data-table="rejects"] button', {hasText: "下载 CSV"}).click()
    ]);
    expect(download.suggestedFilename()).toBe("数据质量-拒绝明细.csv");
    const csv = parseCsv(readFileSync((await download.path())!, "utf8"));
    // The page lists the first 500 rejected cells (src/data/quality.json.ts), in this order.
    const expected = await queryTestWarehouse(
      dbPath,
      "select source_row, value, reason from rejects order by load_id, source_row, column_name, reason limit 500"
    );
    expect(csv[0]).toEqual(["文件", "工作表", "行号", "来源", "列", "取值", "原因"]);
    expect(csv.slice(1).map((r) => [Number(r[2]), r[5], r[6]])).toEqual(
      expected.map((r) => [Number(r.source_row), r.value ?? "", r.reason])
    );
  });

  it("lists every jicai check result with the same pass/fail counts as the warehouse", async () => {
    const [expected] = await queryTestWarehouse(
      dbPath,
      `select count(*) as total,
              count(*) filter (where error is not null or (not passed and severity = 'error')) as failed,
              count(*) filter (where error is null and not passed and severity = 'warning') as warned
       from check_results`
    );
    expect(Number(expected!.total)).toBeGreaterThan(0);
    await expect(page.page.locator('[data-table="checks"] tbody tr').count()).resolves.toBe(Number(expected!.total));
    const summary = await page.page.locator("[data-checks-summary]").innerText();
    expect(summary).toContain(`共 ${expected!.total} 项，${expected!.failed} 项失败，${expected!.warned} 项提示`);
  });
});

/** The text of a KPI card's figure and of its note. */
async function kpiText(page: PageVisit, id: string): Promise<{value: string; note: string}> {
  const card = page.page.locator(`[data-kpi="${id}"]`);
  return {value: await card.locator(".jc-kpi-value").innerText(), note: await card.locator(".jc-kpi-note").innerText()};
}

/** One row of a query; DECIMAL sums are cast to text in the SQL so they are formatted from exact digits. */
async function queryOne(sql: string): Promise<Record<string, unknown>> {
  const [row] = await queryTestWarehouse(dbPath, sql);
  return row!;
}

const money = (value: unknown) => formatMoney(value as string | null);
const yuan = (value: unknown) => formatMoney(value as string | null, {unit: "元"});

/** The "共 N 行" count above a table: the rows passed to it, not only those rendered so far. */
async function tableCount(page: PageVisit, id: string): Promise<number> {
  const text = await page.page.locator(`[data-table="${id}"] .jc-table-count`).innerText();
  return Number(/共 ([\d,]+) 行/.exec(text)![1]!.replaceAll(",", ""));
}

/** The text of the chosen option of the select labelled `label` (Inputs' option values are indexes). */
async function selectedOption(page: PageVisit, label: string): Promise<string> {
  return page.page
    .getByLabel(label, {exact: true})
    .evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent ?? "");
}

async function download(page: PageVisit, table: string, button: string) {
  const [file] = await Promise.all([
    page.page.waitForEvent("download"),
    page.page.locator(`[data-table="${table}"] button`, {hasText: button}).click()
  ]);
  return {name: file.suggestedFilename(), bytes: readFileSync((await file.path())!)};
}

async function readXlsx(bytes: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow({includeEmpty: true}, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe("总览 page", () => {
  let page: PageVisit;
  beforeAll(async () => {
    page = await visit(browser, server.origin, "/index.html");
  });
  afterAll(async () => page?.context.close());

  const yearSql = (year: string) => `
    select sum(fund_savings_actual)::varchar as fund, sum(patient_savings_actual)::varchar as patient, sum(savings_actual)::varchar as total
    from savings_monthly where year(month) = ${year}`;

  it("shows this year's and cumulative savings for the fund and for patients as the marts sum them", async () => {
    const {year} = await queryOne("select year(as_of)::integer as year from policy_params");
    const thisYear = await queryOne(yearSql(String(year)));
    const toDate = await queryOne(
      "select sum(fund_savings_actual)::varchar as fund, sum(patient_savings_actual)::varchar as patient, sum(savings_actual)::varchar as total from batch_summary"
    );
    expect(Number(toDate.total)).toBeGreaterThan(0);
    expect(await kpiText(page, "savings-year-fund")).toEqual({
      value: money(thisYear.fund),
      note: `当年合计 ${money(thisYear.total)}`
    });
    expect((await kpiText(page, "savings-year-patient")).value).toBe(money(thisYear.patient));
    expect(await kpiText(page, "savings-fund")).toEqual({
      value: money(toDate.fund),
      note: `累计合计 ${money(toDate.total)}`
    });
    expect((await kpiText(page, "savings-patient")).value).toBe(money(toDate.patient));
  });

  it("shows batches in execution, their mean price cut, hospitals on pace and retention owed vs paid as queried", async () => {
    const execution = await queryOne(`
      select count(*)::integer as batches, avg(reduction_pre_vbp_simple) as mean_reduction
      from batch_summary cross join policy_params p
      where exec_start <= p.as_of and (cycle_end is null or p.as_of <= cycle_end)`);
    const retention = await queryOne(`
      select (sum(retained) filter (where is_period_complete))::varchar as owed, sum(paid_amount)::varchar as paid,
             (count(*) filter (where status = 'underpaid'))::integer as underpaid, (count(*) filter (where status = 'not_paid'))::integer as not_paid,
             (sum(retained) filter (where not is_period_complete))::varchar as estimated,
             (count(*) filter (where not is_period_complete))::integer as in_progress
      from retention_statement`);
    expect(Number(execution.batches)).toBeGreaterThan(0);
    expect((await kpiText(page, "batches-in-execution")).value).toBe(formatInteger(execution.batches as number));
    expect((await kpiText(page, "mean-reduction")).value).toBe(formatPercent(execution.mean_reduction as number));
    // a period not ended is an estimate: named apart from what is owed, never summed into it
    expect(Number(retention.in_progress)).toBeGreaterThan(0);
    expect(await kpiText(page, "retention")).toEqual({
      value: money(retention.owed),
      note: `已返还 ${money(retention.paid)}；少付 ${retention.underpaid} 笔，未返还 ${retention.not_paid} 笔；另有预计 ${money(retention.estimated)}（${retention.in_progress} 个结算期未结束，不计入）`
    });
  });

  it("counts hospitals on pace as volume_progress has them in each hospital × batch's current year", async () => {
    // Recomputed from the variety rows of volume_progress, apart from hospital_progress and batch_summary: every
    // hospital with an agreed volume in a batch in execution, judged in the cycle year containing as_of; one
    // without an agreed volume in that year is not on pace.
    const pace = await queryOne(`
      with params as (select as_of from policy_params),
      batches as (
        select batch_id, exec_start from batch_summary, params
        where exec_start <= as_of and (cycle_end is null or as_of <= cycle_end)),
      current_years as (
        select batch_id, max(k) as k from batches, params, range(1, 11) as years(k)
        where exec_start + to_years(k::integer - 1) <= as_of group by batch_id),
      holders as (select distinct batch_id, hospital_code from volume_progress where batch_id in (select batch_id from batches)),
      measured as (
        select v.batch_id, v.hospital_code, sum(v.completion * v.agreed_amount) / sum(v.agreed_amount) as completion,
               max(v.pace_threshold) as threshold
        from volume_progress v join current_years c on v.batch_id = c.batch_id and v.year_index = c.k
        group by all)
      select count(*)::integer as pairs,
             (count(*) filter (where completion >= threshold))::integer as on_pace,
             (count(*) filter (where completion < threshold))::integer as behind,
             (count(*) filter (where completion is null))::integer as without
      from holders left join measured using (batch_id, hospital_code)`);
    expect(Number(pace.behind)).toBeGreaterThan(0);
    expect(Number(pace.without)).toBeGreaterThan(0); // ${unreportedHospital} reported no year 2
    const onPace = await kpiText(page, "on-pace-share");
    expect(onPace.value).toBe(formatPercent(Number(pace.on_pace) / Number(pace.pairs)));
    expect(onPace.note).toBe(
      `${formatInteger(pace.on_pace as number)} / ${formatInteger(pace.pairs as number)} 正常；滞后 ${formatInteger(pace.behind as number)}，无约定量 ${formatInteger(pace.without as number)}`
    );
  });

  it("recomputes the year's savings, batch bars and months when another year is chosen", async () => {
    const years = await queryTestWarehouse(
      dbPath,
      "select distinct year(month)::integer as year from savings_monthly order by 1"
    );
    const first = String(years[0]!.year);
    const expected = await queryOne(yearSql(first));
    const months = await queryOne(
      `select count(distinct month)::integer as n from savings_monthly where year(month) = ${first}`
    );
    await page.page.getByLabel("年份", {exact: true}).selectOption({label: `${first} 年`});
    await expect
      .poll(() => kpiText(page, "savings-year-fund"))
      .toEqual({value: money(expected.fund), note: `当年合计 ${money(expected.total)}`});
    await expect(page.page.locator("h2#savings-by-month").innerText()).resolves.toBe(`每月节约金额（${first} 年）`);
    // one bar per month and part (fund, patients) in the month chart
    await expect(page.page.locator('[aria-label="每月节约金额"] g[aria-label="bar"] rect').count()).resolves.toBe(
      2 * Number(months.n)
    );
  });

  it("links every batch bar to its hospitals on 节约分析, and its tooltips speak Chinese", async () => {
    const {year} = await queryOne("select year(as_of)::integer as year from policy_params");
    await page.page.getByLabel("年份", {exact: true}).selectOption({label: `${year} 年`});
    const links = () =>
      page.page
        .locator('[aria-label="各批次节约金额"] a')
        .evaluateAll((as) => as.map((a) => a.getAttribute("href")))
        .then((hrefs) => new Set(hrefs));
    const batches = await queryTestWarehouse(
      dbPath,
      `select distinct batch_id from savings_monthly where year(month) = ${year}`
    );
    // The chart re-renders after the year changes; a slow machine may still show the previous year's bars.
    await expect.poll(links).toEqual(new Set(batches.map((b) => `./savings.html?year=${year}&batch=${b.batch_id}`)));
    await page.page.locator('[aria-label="每月节约金额"] g[aria-label="bar"] rect').first().hover();
    const tip = page.page.locator('[aria-label="每月节约金额"] [aria-label="tip"]');
    await expect.poll(() => tip.textContent()).toContain("医保基金：");
    expect(await tip.textContent()).not.toMatch(/key|part|[A-Za-z]{2,}/);
  });

  it("states the period of each savings figure of the batch table", async () => {
    const headers = await page.page.locator('[data-table="batches"] thead th').allInnerTexts();
    const agreedAt = headers.findIndex((h) => h.startsWith("约定量节约"));
    expect(headers.find((h) => h.startsWith("实际节约"))).toContain("执行日至统计日");
    const years = await queryTestWarehouse(
      dbPath,
      `select b.batch_name, min(s.year_index) as first, max(s.year_index) as last
       from batch_summary b left join savings s on s.batch_id = b.batch_id and s.agreed_qty > 0
       group by b.batch_name, b.exec_start, b.batch_id order by b.exec_start, b.batch_id`
    );
    const cells = await page.page
      .locator('[data-table="batches"] tbody tr')
      .evaluateAll((rows, i) => rows.map((tr) => tr.children[i]!.querySelector(".jc-sub")?.textContent), agreedAt);
    expect(cells).toEqual(
      years.map((y) =>
        y.first === null ? "无约定量" : y.first === y.last ? `第${y.first}年` : `第${y.first}–${y.last}年`
      )
    );
  });

  it("lists every batch, and summarises loads with a link to 数据质量", async () => {
    const {batches} = await queryOne("select count(*)::integer as batches from batch_summary");
    expect(await tableCount(page, "batches")).toBe(batches);
    const loads = await queryOne(
      "select count(distinct file)::integer as files, sum(rows_loaded)::integer as rows from load_log"
    );
    await expect(page.page.locator('[data-load="files"]').innerText()).resolves.toBe(
      formatInteger(loads.files as number)
    );
    await expect(page.page.locator('[data-load="rows-loaded"]').innerText()).resolves.toBe(
      formatInteger(loads.rows as number)
    );
    await page.page.locator("[data-load-summary] a", {hasText: "数据质量"}).click();
    await page.page.waitForURL(/\/quality\.html$/);
    await expect(page.page.locator("h1#quality").count()).resolves.toBe(1);
  });
});

describe("节约分析 page", () => {
  /** Sums of savings_hospital_monthly to the fen over the months from…to of `year` and the rows `where` keeps. */
  async function sums(year: number, from: number, to: number, where = "true") {
    const first = `${year}-${String(from).padStart(2, "0")}-01`;
    const last = `${year}-${String(to).padStart(2, "0")}-01`;
    return queryOne(`
      select coalesce(sum(round(savings_actual, 2)), 0)::varchar as savings, coalesce(sum(round(fund_savings_actual, 2)), 0)::varchar as fund,
             count(distinct hospital_code)::integer as hospitals
      from savings_hospital_monthly where month between date '${first}' and date '${last}' and ${where}`);
  }
  const change = (now: unknown, last: unknown) => {
    const g = Number(now) / Number(last) - 1;
    return `${g >= 0 ? "+" : "−"}${formatPercent(Math.abs(g))}`;
  };

  it("compares the year to date with the same months of last year, as savings_hospital_monthly sums them", async () => {
    const {year, month} = await queryOne(
      "select year(as_of)::integer as year, month(as_of)::integer as month from policy_params"
    );
    const now = await sums(Number(year), 1, Number(month));
    const last = await sums(Number(year) - 1, 1, Number(month));
    expect(Number(now.savings)).toBeGreaterThan(0);
    expect(Number(last.savings)).toBeGreaterThan(0);
    const page = await visit(browser, server.origin, "/savings.html", bureauScreen);
    try {
      expect(await kpiText(page, "savings-now")).toEqual({
        value: money(now.savings),
        note: `去年同期 ${money(last.savings)}，同比 ${change(now.savings, last.savings)}`
      });
      expect((await kpiText(page, "fund-now")).value).toBe(money(now.fund));
      expect(await kpiText(page, "hospitals-now")).toEqual({
        value: formatInteger(now.hospitals as number),
        note: `去年同期 ${formatInteger(last.hospitals as number)} 家`
      });
      await expect(page.page.locator("[data-scope]").innerText()).resolves.toContain(
        `${year} 年 1–${month} 月；对比 ${Number(year) - 1} 年 1–${month} 月`
      );
    } finally {
      await page.context.close();
    }
  });

  it("opens a bookmarked view (district, level, months) from its link and writes each change back into it", async () => {
    const {year} = await queryOne("select year(as_of)::integer as year from policy_params");
    const pick = await queryOne(`
      select region, hospital_level from savings_hospital_monthly where year(month) = ${year}
      group by all order by sum(savings_actual) desc, region, hospital_level limit 1`);
    const where = `region = '${pick.region}' and hospital_level = '${pick.hospital_level}'`;
    const link = `/savings.html?year=${year}&from=2&to=6&region=${encodeURIComponent(String(pick.region))}&level=${encodeURIComponent(String(pick.hospital_level))}`;
    const page = await visit(browser, server.origin, link, bureauScreen);
    try {
      await expect(selectedOption(page, "区县")).resolves.toBe(pick.region);
      await expect(selectedOption(page, "医院等级")).resolves.toBe(pick.hospital_level);
      const now = await sums(Number(year), 2, 6, where);
      const last = await sums(Number(year) - 1, 2, 6, where);
      expect((await kpiText(page, "savings-now")).value).toBe(money(now.savings));
      expect((await kpiText(page, "savings-now")).note).toContain(`去年同期 ${money(last.savings)}`);
      await page.page.getByLabel("截止月", {exact: true}).selectOption({label: "3 月"});
      await expect.poll(() => new URL(page.page.url()).searchParams.get("to")).toBe("3");
      const shorter = await sums(Number(year), 2, 3, where);
      await expect.poll(async () => (await kpiText(page, "savings-now")).value).toBe(money(shorter.savings));
      expect(new URL(page.page.url()).searchParams.get("region")).toBe(pick.region);
    } finally {
      await page.context.close();
    }
  });

  it("drills down from a batch bar (with a Chinese tooltip) to the batch's hospitals, each linked to its statement at that batch", async () => {
    const {year, month} = await queryOne(
      "select year(as_of)::integer as year, month(as_of)::integer as month from policy_params"
    );
    const page = await visit(browser, server.origin, "/savings.html", bureauScreen);
    try {
      const bar = page.page.locator('[data-chart="batch"] svg a').first();
      const batchId = new URL((await bar.getAttribute("href"))!, page.page.url()).searchParams.get("batch")!;
      const {batch_name} = await queryOne(`select batch_name from batch_summary where batch_id = '${batchId}'`);
      await bar.hover();
      const tip = page.page.locator('[data-chart="batch"] [aria-label="tip"]');
      await expect.poll(() => tip.textContent()).toContain(String(batch_name));
      const tipText = (await tip.textContent()) ?? "";
      expect(tipText).toContain("去年同期");
      expect(tipText).toContain("同比");
      expect(tipText).not.toMatch(/[A-Za-z]{2,}/);
      await bar.click();
      await expect.poll(() => new URL(page.page.url()).searchParams.get("batch")).toBe(batchId);
      await expect.poll(() => selectedOption(page, "批次")).toBe(batch_name);
      await expect.poll(() => page.page.locator("h2#hospitals").innerText()).toBe(`各医疗机构（${batch_name}）`);
      const hospitals = await queryOne(`
        select count(distinct hospital_code)::integer as n from savings_hospital_monthly
        where batch_id = '${batchId}' and month(month) <= ${month} and year(month) in (${year}, ${Number(year) - 1})`);
      await expect.poll(() => tableCount(page, "hospitals")).toBe(hospitals.n);
      const link = page.page.locator('[data-table="hospitals"] tbody tr').first().locator("a", {hasText: "查看"});
      const code = await page.page.locator('[data-table="hospitals"] tbody tr').first().locator(".jc-code").innerText();
      expect(await link.getAttribute("href")).toBe(`./statement.html?hospital=${code}&batch=${batchId}`);
    } finally {
      await page.context.close();
    }
  });

  it("opens a hospital's statement at the batch of the link: its sections marked and in view, nothing else changed", async () => {
    const row = await queryOne(`
      select hospital_code, batch_id from retention_statement
      group by all having count(*) > 0 order by hospital_code desc, batch_id desc limit 1`);
    const page = await visit(
      browser,
      server.origin,
      `/statement.html?hospital=${row.hospital_code}&batch=${row.batch_id}`,
      bureauScreen
    );
    try {
      const focused = page.page.locator(".jc-statement.jc-focus");
      await expect.poll(() => focused.count()).toBeGreaterThan(0);
      const sections = await focused.evaluateAll((s) => s.map((e) => e.getAttribute("data-statement")));
      expect(sections.every((id) => id!.startsWith(`${row.batch_id}/`))).toBe(true);
      const box = await focused.first().boundingBox();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeLessThan(bureauScreen.height);
      const all = await queryOne(
        `select count(*)::integer as n from retention_statement where hospital_code = '${row.hospital_code}'`
      );
      await expect(page.page.locator("[data-statement]").count()).resolves.toBe(all.n);
      expect(new URL(page.page.url()).searchParams.get("batch")).toBe(row.batch_id);
    } finally {
      await page.context.close();
    }
  });
});

describe("挂网价格合规 page", () => {
  let page: PageVisit;
  beforeAll(async () => {
    page = await visit(browser, server.origin, "/compliance.html");
  });
  afterAll(async () => page?.context.close());

  const homeOverLimitSql = `
    select province, generic_name, enterprise, listed_price::double as listed_price, over_amount::double as over_amount, rule
    from listing_compliance
    where compliance_status = 'over_limit' and is_home_province
    order by over_amount desc, province, generic_name, spec, pack, enterprise`;

  it("shows the counts of listing_compliance, and no sum of per-pack excesses of unrelated products", async () => {
    const counts = await queryOne(`
      select count(*)::integer as listings, (count(*) filter (where compliance_status = 'over_limit'))::integer as over_limit,
             (count(*) filter (where compliance_status = 'over_limit' and is_home_province))::integer as home,
             (count(*) filter (where compliance_status = 'no_reference'))::integer as no_reference
      from listing_compliance`);
    expect((await kpiText(page, "listings")).value).toBe(formatInteger(counts.listings as number));
    expect(await kpiText(page, "over-limit")).toEqual({
      value: formatInteger(counts.over_limit as number),
      note: `占全部挂网产品的 ${formatPercent(Number(counts.over_limit) / Number(counts.listings))}`
    });
    expect((await kpiText(page, "home-over-limit")).value).toBe(formatInteger(counts.home as number));
    expect((await kpiText(page, "no-reference")).value).toBe(formatInteger(counts.no_reference as number));
    const ruleHeaders = await page.page.locator('[data-table="by-rule"] thead th').allInnerTexts();
    expect(ruleHeaders.join("|")).not.toContain("合计");
    expect(ruleHeaders).toContain("挂网价 ÷ 参照价（中位数）");
  });

  it("lists the home province's over-limit listings by default, with 医保编码, enterprise, limit and reference with its kind", async () => {
    const home = await queryTestWarehouse(dbPath, homeOverLimitSql);
    expect(home.length).toBeGreaterThan(1);
    await expect(selectedOption(page, "省份")).resolves.toBe(String(home[0]!.province));
    expect(await tableCount(page, "over-limit")).toBe(home.length);
    const headers = await page.page.locator('[data-table="over-limit"] thead th').allInnerTexts();
    for (const header of ["医保编码", "生产企业", "限价", "参照价"]) expect(headers).toContain(header);
    const top = await queryOne(`
      select product_code, limit_price::varchar as limit_price, reference_price::varchar as reference_price, reference_kind
      from listing_compliance where compliance_status = 'over_limit' and is_home_province and product_code is not null
      order by over_amount desc, province, generic_name, spec, pack, enterprise limit 1`);
    const row = page.page.locator('[data-table="over-limit"] tbody tr', {hasText: String(top.product_code)}).first();
    const cell = (header: string) => row.locator("td").nth(headers.indexOf(header)).innerText();
    await expect(cell("限价")).resolves.toBe(formatNumber(top.limit_price as string, {digits: 2}));
    await expect(cell("参照价")).resolves.toContain(formatNumber(top.reference_price as string, {digits: 2}));
    await expect(cell("参照价")).resolves.toContain(
      martValueLabels("listing_compliance", "reference_kind")[String(top.reference_kind)]!
    );
  });

  it("renders a hostile product and enterprise name as text", async () => {
    const before = await tableCount(page, "over-limit");
    await page.page.locator('input[type="search"]').fill("测试胶囊");
    await expect.poll(() => tableCount(page, "over-limit")).toBe(1);
    const cells = page.page.locator('[data-table="over-limit"] td');
    await expect(cells.filter({hasText: hostileName}).count()).resolves.toBe(1);
    await expect(cells.filter({hasText: hostileValue}).count()).resolves.toBe(1);
    await expect(
      page.page.locator('[data-table="over-limit"] img, [data-table="over-limit"] script').count()
    ).resolves.toBe(0);
    expect(await page.page.title()).not.toBe("pwned");
    await page.page.locator('input[type="search"]').fill("");
    await expect.poll(() => tableCount(page, "over-limit")).toBe(before);
  });

  it("filters by province, category, rule and search, and keeps every filter in the link", async () => {
    const home = await queryTestWarehouse(dbPath, homeOverLimitSql);
    const query = () => new URL(page.page.url()).searchParams;
    expect(await tableCount(page, "over-limit")).toBe(home.length);
    expect([...query().keys()]).toEqual([]); // the default view has a bare link
    await page.page.getByLabel("省份", {exact: true}).selectOption("全部");
    await expect.poll(() => query().get("province")).toBe("全部");
    const all = await tableCount(page, "over-limit");
    expect(all).toBeGreaterThan(home.length);
    await page.page.getByLabel("省份", {exact: true}).selectOption(String(home[0]!.province));
    await page.page.getByLabel("品类", {exact: true}).selectOption("药品");
    const homeDrugs = await queryOne(
      "select count(*)::integer as n from listing_compliance where compliance_status = 'over_limit' and is_home_province and category = '药品'"
    );
    await expect.poll(() => tableCount(page, "over-limit")).toBe(homeDrugs.n);
    await page.page
      .getByLabel("适用规则", {exact: true})
      .selectOption({label: martValueLabels("listing_compliance", "rule").national_lowest_drug!});
    const homeRule = await queryOne(
      "select count(*)::integer as n from listing_compliance where compliance_status = 'over_limit' and is_home_province and category = '药品' and rule = 'national_lowest_drug'"
    );
    await expect.poll(() => tableCount(page, "over-limit")).toBe(homeRule.n);
    await page.page.locator('input[type="search"]').fill("测试胶囊");
    await expect.poll(() => tableCount(page, "over-limit")).toBe(1);
    await expect
      .poll(() => Object.fromEntries(query()))
      .toEqual({category: "药品", rule: "national_lowest_drug", q: "测试胶囊"});
    // the link opens the same view
    const shared = await visit(browser, server.origin, `/compliance.html?${query()}`, bureauScreen);
    try {
      expect(await tableCount(shared, "over-limit")).toBe(1);
      await expect(selectedOption(shared, "品类")).resolves.toBe("药品");
      await expect(shared.page.locator('input[type="search"]').inputValue()).resolves.toBe("测试胶囊");
    } finally {
      await shared.context.close();
    }
    await page.page.locator('input[type="search"]').fill("");
    await page.page.getByLabel("适用规则", {exact: true}).selectOption("全部");
    await page.page.getByLabel("品类", {exact: true}).selectOption("全部");
    await expect.poll(() => tableCount(page, "over-limit")).toBe(home.length);
    await expect.poll(() => [...query().keys()]).toEqual([]);
  });

  it("downloads CSV and Excel files with exactly the rows on screen, in the order the officer sorted them", async () => {
    // a click on 挂网价 sorts ascending; ties keep the order before (largest excess first)
    const expected = (
      await queryTestWarehouse(
        dbPath,
        `select province, product_code, generic_name, enterprise, listed_price::double as listed_price,
                limit_price::double as limit_price, over_amount::double as over_amount, rule, reference_kind
         from listing_compliance where compliance_status = 'over_limit' and is_home_province
         order by listed_price, over_amount desc, province, generic_name, spec, pack, enterprise`
      )
    ).map((r) => [
      r.province,
      r.product_code ?? "",
      r.generic_name,
      r.enterprise,
      r.listed_price,
      r.limit_price,
      r.over_amount,
      martValueLabels("listing_compliance", "rule")[String(r.rule)],
      martValueLabels("listing_compliance", "reference_kind")[String(r.reference_kind)]
    ]);
    await expect.poll(() => tableCount(page, "over-limit")).toBe(expected.length); // the home province, as by default
    await page.page.locator('[data-table="over-limit"] thead th', {hasText: /^.?挂网价$/}).click();
    await expect.poll(() => new URL(page.page.url()).searchParams.get("sort")).toBe("listed_price");
    const onScreen = await page.page
      .locator('[data-table="over-limit"] tbody tr')
      .evaluateAll((rows) => rows.map((tr) => tr.children[2]!.textContent ?? ""));
    expect(onScreen.length).toBeGreaterThan(1);
    expect(onScreen).toEqual(expected.slice(0, onScreen.length).map((r) => String(r[1])));
    const header = (rows: unknown[][]) => rows[0] as string[];
    const pick = (rows: unknown[][], toNumber: (v: unknown) => number) => {
      const h = header(rows);
      const at = (label: string) => h.indexOf(label);
      return rows
        .slice(1)
        .map((r) => [
          r[at("省份")],
          r[at("医保编码")] ?? "",
          r[at("通用名")],
          r[at("生产企业")],
          toNumber(r[at("挂网价格（元/包装）")]),
          toNumber(r[at("限价（元/包装）")]),
          toNumber(r[at("超出金额（元/包装）")]),
          r[at("适用规则")],
          r[at("参照价类型")]
        ]);
    };
    const csv = await download(page, "over-limit", "下载 CSV");
    expect(csv.name).toBe("挂网价格超限.csv");
    const csvRows = parseCsv(csv.bytes.toString("utf8"));
    expect(pick(csvRows, Number)).toEqual(expected);
    const xlsx = await download(page, "over-limit", "下载 Excel");
    expect(xlsx.name).toBe("挂网价格超限.xlsx");
    const sheet = await readXlsx(xlsx.bytes);
    expect(header(sheet)).toEqual(header(csvRows));
    expect(pick(sheet, (v) => v as number)).toEqual(expected);
  });
});

describe("结余留用 page", () => {
  let page: PageVisit;
  let hospital: {code: string; name: string};
  const statementOf = (code: string) =>
    queryTestWarehouse(
      dbPath,
      `select batch_id, year_index, period, budget::varchar as budget, spend::varchar as spend,
              balance::varchar as balance, retained::varchar as retained, paid_amount::varchar as paid_amount,
              difference::varchar as difference, purchased_amount::varchar as purchased_amount, rate::double as rate,
              status, is_period_complete
       from retention_statement where hospital_code = '${code}'`
    );
  beforeAll(async () => {
    // a hospital whose statements include a payout that differs from the amount owed
    const row = await queryOne(`
      select hospital_code, any_value(hospital_name) as hospital_name from retention_statement
      where hospital_code in (select hospital_code from retention_statement where status in ('underpaid', 'overpaid'))
      group by hospital_code order by count(*) desc, hospital_code limit 1`);
    hospital = {code: String(row.hospital_code), name: String(row.hospital_name)};
    page = await visit(browser, server.origin, `/statement.html?hospital=${hospital.code}`);
  });
  afterAll(async () => page?.context.close());

  it("opens the hospital named in the link", async () => {
    await expect(page.page.locator('[data-meta="hospital"]').innerText()).resolves.toBe(
      `${hospital.name}（${hospital.code}）`
    );
    expect(new URL(page.page.url()).search).toBe(`?hospital=${hospital.code}`);
    expect(await page.page.title()).toContain(hospital.name);
  });

  it("never calls its link safe to send, and points to the hospital's own file instead", async () => {
    const text = await page.page.locator("#observablehq-main").innerText();
    expect(text).not.toContain("可以直接发给医院");
    expect(text).toContain("请勿把本页的链接发给医院");
    expect(text).toContain("hospital-pack");
  });

  it("shows every input, step and result of each statement as retention_statement has it", async () => {
    const rows = await statementOf(hospital.code);
    expect(rows.length).toBeGreaterThan(0);
    await expect(page.page.locator("[data-statement]").count()).resolves.toBe(rows.length);
    for (const row of rows) {
      const section = page.page.locator(`[data-statement="${row.batch_id}/${row.year_index ?? row.period}"]`);
      const field = (name: string) => section.locator(`[data-field="${name}"] td.jc-num`).innerText();
      const expected: Record<string, string> = {
        budget: yuan(row.budget),
        purchased_amount: yuan(row.purchased_amount),
        spend: yuan(row.spend),
        balance: yuan(row.balance),
        rate: row.rate === null ? "—" : formatPercent(row.rate as number, {digits: 0}),
        retained: yuan(row.retained),
        paid_amount: yuan(row.paid_amount),
        difference: yuan(row.difference),
        status: martValueLabels("retention_statement", "status")[String(row.status)]!
      };
      // a payout with no computed statement has only the comparison lines
      const names = Object.keys(expected).filter(
        (n) => row.year_index !== null || ["retained", "paid_amount", "difference", "status"].includes(n)
      );
      const shown = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await field(n)])));
      expect(shown).toEqual(Object.fromEntries(names.map((n) => [n, expected[n]])));
    }
  });

  it("totals what is owed for ended periods and what was paid, and keeps estimates apart", async () => {
    const totals = await queryOne(`
      select coalesce(sum(retained) filter (where coalesce(is_period_complete, true)), 0)::varchar as owed,
             coalesce(sum(paid_amount), 0)::varchar as paid,
             (coalesce(sum(paid_amount), 0) - coalesce(sum(retained) filter (where coalesce(is_period_complete, true)), 0))::varchar as difference,
             coalesce(sum(retained) filter (where not is_period_complete), 0)::varchar as estimated
      from retention_statement where hospital_code = '${hospital.code}'`);
    const total = (id: string) => page.page.locator(`[data-total="${id}"] .jc-doc-total-value`).innerText();
    expect(await total("owed")).toBe(yuan(totals.owed));
    expect(await total("paid")).toBe(yuan(totals.paid));
    expect(await total("difference")).toBe(yuan(totals.difference));
    expect(await total("estimated")).toBe(yuan(totals.estimated));
  });

  it("marks every amount of a period not yet ended as 预计, in the summary and on its page", async () => {
    const rows = await statementOf(hospital.code);
    const open = rows.filter((r) => r.is_period_complete === false);
    expect(open.length).toBeGreaterThan(0);
    expect(open.length).toBeLessThan(rows.length);
    const marked = await page.page
      .locator("[data-summary-row][data-estimate]")
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-summary-row")));
    expect(marked.sort()).toEqual(open.map((r) => `${r.batch_id}/${r.year_index}`).sort());
    for (const r of open) {
      const row = page.page.locator(`[data-summary-row="${r.batch_id}/${r.year_index}"]`);
      await expect(row.locator('[data-field="retained"]').innerText()).resolves.toMatch(/^预计/);
      const section = page.page.locator(`[data-statement="${r.batch_id}/${r.year_index}"]`);
      await expect(section.locator("[data-estimate]").innerText()).resolves.toContain("预计数");
      await expect(section.locator('[data-field="retained"] th').innerText()).resolves.toBe("预计应留用金额");
    }
  });

  it("prints one page per sheet: the summary with issuer and signature lines, one page per batch and period, numbered, all in Chinese", async () => {
    await page.page.emulateMedia({media: "print"});
    try {
      await expect(page.page.locator("#observablehq-sidebar").isVisible()).resolves.toBe(false);
      await expect(page.page.locator(".jc-no-print select").isVisible()).resolves.toBe(false);
      const sheets = await page.page.locator(".jc-sheet").count();
      const statements = (await statementOf(hospital.code)).length;
      const summarySheets = await page.page.locator(".jc-sheet-summary").count();
      expect(summarySheets).toBe(1); // the whole summary on the first page
      await expect(page.page.locator(".jc-sheet-appendix").count()).resolves.toBe(statements);
      await expect(page.page.locator(".jc-sheet-summary [data-signatures]").innerText()).resolves.toMatch(
        /出具单位：华阳市医疗保障局[\s\S]*盖章[\s\S]*经办人[\s\S]*复核人[\s\S]*负责人/
      );
      // nothing on a sheet runs into its footer, and no text is below 9 pt (12 px; a chart at its own width)
      const layout = await page.page.evaluate(() => {
        const overruns = [...document.querySelectorAll(".jc-sheet")].flatMap((sheet, i) => {
          const body = sheet.querySelector(".jc-sheet-body")!.getBoundingClientRect();
          const footer = sheet.querySelector(".jc-sheet-footer")!.getBoundingClientRect();
          return body.bottom > footer.top ? [i + 1] : [];
        });
        let smallest = Infinity;
        for (const element of document.querySelectorAll(".jc-document *")) {
          if (![...element.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) continue;
          const svg = element.closest("svg");
          const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
          smallest = Math.min(smallest, parseFloat(getComputedStyle(element).fontSize) * scale);
        }
        return {overruns, smallest, charts: document.querySelectorAll(".jc-document svg").length};
      });
      expect(layout.overruns).toEqual([]);
      expect(layout.charts).toBe(1);
      expect(layout.smallest).toBeGreaterThanOrEqual(12);
      const pdf = await page.page.pdf({preferCSSPageSize: true, printBackground: true});
      const {pages, title, text} = readPdfText(pdf);
      expect(pages).toBe(sheets);
      for (let k = 1; k <= sheets; k++) expect(text).toContain(`第 ${k} 页，共 ${sheets} 页`);
      expect(title).toContain(hospital.name);
      expect(text).toContain("华阳市医疗保障局");
      expect(text).toContain("集中带量采购医保资金结余留用结算单");
      expect(text).toContain(`${hospital.name}（${hospital.code}）`);
      const [first] = await queryTestWarehouse(
        dbPath,
        `select retained::varchar as retained from retention_statement where hospital_code = '${hospital.code}' and retained is not null limit 1`
      );
      expect(text).toContain(yuan(first!.retained));
      expect(text).not.toContain("下载");
      // no English: the only Latin letter is the H of the hospital code
      expect(text.replaceAll(hospital.code, "").match(/[A-Za-z]+/g)).toBeNull();
    } finally {
      await page.page.emulateMedia({media: "screen"});
    }
  });

  it("says 未找到该机构 for an unknown code and shows no other hospital's statement", async () => {
    const other = await visit(browser, server.origin, `/statement.html?hospital=${encodeURIComponent(hostileValue)}`);
    try {
      expect([...other.pageErrors, ...other.cellErrors]).toEqual([]);
      await expect(other.page.locator("[data-not-found]").innerText()).resolves.toContain(
        `未找到该机构：链接中的医疗机构编码 ${hostileValue} 没有结算数据`
      );
      await expect(other.page.locator("[data-document]").count()).resolves.toBe(0);
      await expect(other.page.locator("[data-statement]").count()).resolves.toBe(0);
      await expect(other.page.locator("#observablehq-main img").count()).resolves.toBe(0);
      expect(await other.page.title()).not.toBe("pwned");
      expect(new URL(other.page.url()).searchParams.get("hospital")).toBe(hostileValue);
    } finally {
      await other.context.close();
    }
  });

  it("switches hospital from the list and rewrites the link", async () => {
    const other = await queryOne(
      `select hospital_code, any_value(hospital_name) as name from retention_statement where hospital_code <> '${hospital.code}' group by 1 order by 1 limit 1`
    );
    await page.page.locator(".jc-no-print select").selectOption({label: `${other.hospital_code} ${other.name}`});
    await expect.poll(() => page.page.locator('[data-meta="hospital"]').innerText()).toContain(String(other.name));
    expect(new URL(page.page.url()).search).toBe(`?hospital=${other.hospital_code}`);
  });
});

/** Each batch's row of a table as {batch name: cell text of `label`}. */
async function columnByBatch(page: PageVisit, table: string, label: string): Promise<Record<string, string>> {
  const headers = await page.page.locator(`[data-table="${table}"] thead th`).allInnerTexts();
  const at = headers.indexOf(label);
  const nameAt = headers.indexOf("批次名称");
  expect(at).toBeGreaterThan(-1);
  const rows = await page.page
    .locator(`[data-table="${table}"] tbody tr`)
    .evaluateAll(
      (trs, [a, n]) => trs.map((tr) => [tr.children[n!]!.textContent, tr.children[a!]!.textContent]),
      [at, nameAt]
    );
  return Object.fromEntries(rows);
}

describe("集采批次 page", () => {
  let page: PageVisit;
  beforeAll(async () => {
    page = await visit(browser, server.origin, "/batches.html");
  });
  afterAll(async () => page?.context.close());

  it("lists every batch, and for the chosen batch its selected products and the hospitals not on pace", async () => {
    const {n} = await queryOne("select count(*)::integer as n from batch_summary");
    expect(await tableCount(page, "batch-list")).toBe(n);
    const batch = await queryOne(
      "select batch_id, batch_name from batch_summary order by exec_start desc, batch_id limit 1"
    );
    await page.page.getByLabel("批次", {exact: true}).selectOption({label: String(batch.batch_name)});
    const products = await queryOne(
      `select count(*)::integer as n from batch_products where is_selected and batch_id = '${batch.batch_id}'`
    );
    await expect.poll(() => tableCount(page, "products")).toBe(products.n);
    // every hospital with a completion in its batch's current year is a dot of the pace chart
    const dots = await queryOne(
      "select count(*)::integer as n from hospital_progress where is_current_year and completion is not null"
    );
    await expect(
      page.page.locator('[aria-label="各医疗机构约定量完成率"] g[aria-label="dot"] circle').count()
    ).resolves.toBe(dots.n);
  });

  it("counts the same hospitals not on pace in the batch table as in each batch's detail", async () => {
    const expected = await queryTestWarehouse(
      dbPath,
      `select batch_name, count(*)::integer as hospitals,
              (count(*) filter (where pace_status not in ('on_pace', 'met')))::integer as off_pace
       from hospital_progress where is_current_year group by batch_name order by batch_name`
    );
    expect(expected.some((b) => Number(b.off_pace) > 0)).toBe(true);
    const table = await columnByBatch(page, "batch-list", "进度未达标机构");
    for (const b of expected) {
      expect(table[String(b.batch_name)], String(b.batch_name)).toBe(formatInteger(b.off_pace as number));
      await page.page.getByLabel("批次", {exact: true}).selectOption({label: String(b.batch_name)});
      await expect
        .poll(() => page.page.locator("h3#laggards").innerText())
        .toBe(
          `进度未达标的医疗机构（${formatInteger(b.off_pace as number)} / ${formatInteger(b.hospitals as number)}）`
        );
      if (Number(b.off_pace) > 0) expect(await tableCount(page, "laggards")).toBe(b.off_pace);
    }
  });
});

describe("progress agrees on every page", () => {
  it("shows the same status for a hospital × batch on the overview, the batch page and the statement", async () => {
    // the hospital that reported no year 2 (无约定量) and a hospital behind pace in a batch's current year
    const cases = await queryTestWarehouse(
      dbPath,
      `(select batch_id, batch_name, year_index, hospital_code, pace_status from hospital_progress
        where is_current_year and hospital_code = '${unreportedHospital}' order by batch_id limit 1)
       union all
       (select batch_id, batch_name, year_index, hospital_code, pace_status from hospital_progress
        where is_current_year and pace_status = 'behind' order by batch_id, hospital_code limit 1)`
    );
    expect(cases.map((c) => c.pace_status)).toEqual(["no_agreed_volume", "behind"]);
    const labels = martValueLabels("hospital_progress", "pace_status");
    const overview = await visit(browser, server.origin, "/index.html");
    const batches = await visit(browser, server.origin, "/batches.html");
    try {
      // the overview's batch table and the batch page's table give each batch the same count
      const overviewCounts = await columnByBatch(overview, "batches", "进度未达标 / 有约定量机构");
      const batchCounts = await columnByBatch(batches, "batch-list", "进度未达标机构");
      for (const [name, count] of Object.entries(batchCounts))
        expect(overviewCounts[name]?.split(" / ")[0], name).toBe(count);
      for (const c of cases) {
        await batches.page.getByLabel("批次", {exact: true}).selectOption({label: String(c.batch_name)});
        const row = batches.page.locator('[data-table="laggards"] tbody tr', {hasText: String(c.hospital_code)});
        await expect.poll(() => row.count()).toBe(1);
        await expect(row.innerText()).resolves.toContain(labels[String(c.pace_status)]!);
        const statement = await visit(browser, server.origin, `/statement.html?hospital=${c.hospital_code}`);
        try {
          const current = statement.page.locator(`[data-progress-row="${c.batch_id}/${c.year_index}"]`);
          await expect(current.getAttribute("class")).resolves.toContain("jc-current-year");
          await expect(current.getAttribute("data-pace")).resolves.toBe(c.pace_status);
          await expect(current.innerText()).resolves.toContain(labels[String(c.pace_status)]!);
        } finally {
          await statement.context.close();
        }
      }
    } finally {
      await overview.context.close();
      await batches.context.close();
    }
  });

  it("fits 1366 px for every batch's products at a bureau PC's screen", async () => {
    const page = await visit(browser, server.origin, "/batches.html", bureauScreen);
    try {
      const batches = await queryTestWarehouse(
        dbPath,
        `select b.batch_id, b.batch_name, (select count(*) from batch_products p where p.batch_id = b.batch_id and p.is_selected)::integer as products
         from batch_summary b order by b.batch_id`
      );
      for (const batch of batches) {
        await page.page.getByLabel("批次", {exact: true}).selectOption({label: String(batch.batch_name)});
        await expect.poll(() => tableCount(page, "products")).toBe(batch.products);
        expect({batch: batch.batch_id, clipped: await clippedTables(page.page)}).toEqual({
          batch: batch.batch_id,
          clipped: []
        });
      }
    } finally {
      await page.context.close();
    }
  });
});

describe("国谈药品 page", () => {
  it("counts agreements in force and expiring, institutions that buy, and purchases above the payment standard", async () => {
    const page = await visit(browser, server.origin, "/nrdl.html");
    try {
      const expected = await queryOne(`
        select (count(*) filter (where is_active))::integer as active, (count(*) filter (where is_expiring_soon))::integer as expiring,
               (sum(amount_above_standard) filter (where is_active))::varchar as above
        from nrdl_monitor where hospital_level = '全部'`);
      expect((await kpiText(page, "active")).value).toBe(formatInteger(expected.active as number));
      expect((await kpiText(page, "expiring")).value).toBe(formatInteger(expected.expiring as number));
      expect((await kpiText(page, "above-standard")).value).toBe(money(expected.above ?? 0));
      // institutions that bought any drug in agreement during its agreement, recounted from the order lines
      const uptake = await queryOne(`
        with targets as (select hospital_code from stg_hospitals where institution_kind is distinct from '药店'),
        active as (select nrdl_year, drug_name, standard_unit from nrdl_monitor where hospital_level = '全部' and is_active)
        select (select count(*) from targets)::integer as targets,
               count(distinct o.hospital_code)::integer as buyers
        from int_order_months o
        join active a on a.nrdl_year is not distinct from o.nrdl_year and a.drug_name = o.nrdl_drug_name
                      and a.standard_unit is not distinct from o.nrdl_standard_unit
        where o.hospital_code in (select hospital_code from targets)`);
      expect(await kpiText(page, "buying-share")).toEqual({
        value: formatPercent(Number(uptake.buyers) / Number(uptake.targets)),
        note: `${formatInteger(uptake.targets as number)} 家目标机构中 ${formatInteger(uptake.buyers as number)} 家采购过协议期内的国谈药`
      });
      const levelHeaders = await page.page.locator('[data-table="levels"] thead th').allInnerTexts();
      expect(levelHeaders).not.toContain("平均落地率");
      expect(levelHeaders).toContain("每药平均落地率（按全部目标机构）");
      if (Number(expected.expiring) > 0) expect(await tableCount(page, "expiring")).toBe(expected.expiring);
    } finally {
      await page.context.close();
    }
  });
});

describe("监测预警 page", () => {
  let page: PageVisit;
  beforeAll(async () => {
    page = await visit(browser, server.origin, "/monitoring.html", bureauScreen);
  });
  afterAll(async () => page?.context.close());

  const kindLabels = martValueLabels("alerts", "alert_kind");
  const severityLabels = martValueLabels("alerts", "severity");

  it("has an alert of every kind in the sample, and counts them by severity as the alerts mart does", async () => {
    const kinds = await queryTestWarehouse(dbPath, "select distinct alert_kind from alerts order by 1");
    expect(kinds.map((k) => k.alert_kind)).toEqual(Object.keys(kindLabels).sort());
    const expected = await queryOne(`
      select (count(*) filter (where severity = 'red'))::integer as red,
             (count(*) filter (where severity = 'yellow'))::integer as yellow,
             (count(*) filter (where is_new_this_week))::integer as new,
             count(distinct enterprise)::integer as enterprises, count(*)::integer as alerts
      from alerts where status <> 'resolved'`);
    expect(await kpiValue(page, "red")).toBe(expected.red);
    expect(await kpiValue(page, "yellow")).toBe(expected.yellow);
    expect(await kpiValue(page, "new")).toBe(expected.new);
    expect(await kpiText(page, "enterprises")).toMatchObject({
      value: formatInteger(expected.enterprises as number),
      note: `共 ${formatInteger(expected.alerts as number)} 条预警`
    });
    expect(await tableCount(page, "alerts")).toBe(expected.alerts);
  });

  it("filters by severity, kind and search, keeping the filters in the link", async () => {
    const query = () => Object.fromEntries(new URL(page.page.url()).searchParams);
    const n = async (where: string) =>
      (await queryOne(`select count(*)::integer as n from alerts where status <> 'resolved' and ${where}`)).n as number;
    await page.page.getByLabel("级别", {exact: true}).selectOption({label: severityLabels.red!});
    await expect.poll(() => tableCount(page, "alerts")).toBe(await n("severity = 'red'"));
    await page.page.getByLabel("预警类型", {exact: true}).selectOption({label: kindLabels.shortage_prone!});
    await expect
      .poll(() => tableCount(page, "alerts"))
      .toBe(await n("severity = 'red' and alert_kind = 'shortage_prone'"));
    await expect.poll(query).toEqual({severity: "red", kind: "shortage_prone"});
    await page.page.getByLabel("级别", {exact: true}).selectOption("全部");
    await page.page.getByLabel("预警类型", {exact: true}).selectOption({label: kindLabels.credit_exposure!});
    const [credit] = await queryTestWarehouse(
      dbPath,
      "select hospital_name, count(*) over (partition by hospital_name)::integer as n from alerts where alert_kind = 'credit_exposure' and status <> 'resolved' order by hospital_name limit 1"
    );
    await page.page.locator('input[type="search"]').fill(String(credit!.hospital_name));
    await expect.poll(() => tableCount(page, "alerts")).toBe(credit!.n);
    await page.page.locator('input[type="search"]').fill("");
    await page.page.getByLabel("预警类型", {exact: true}).selectOption("全部");
    await expect.poll(() => tableCount(page, "alerts")).toBe(await n("true"));
    await expect.poll(query).toEqual({});
  });

  it("downloads the price rises shown, with their figures, rule and document, as the mart has them", async () => {
    await page.page.getByLabel("预警类型", {exact: true}).selectOption({label: kindLabels.price_rise!});
    const expected = (
      await queryTestWarehouse(
        dbPath,
        `select a.enterprise, a.generic_name, strftime(a.since, '%Y-%m-%d') as since, a.figure::double as figure,
                a.rule, a.source, c.previous_price::double as previous, c.listed_price::double as price
         from alerts a
         join listing_price_changes c
           on c.is_current and c.is_home_province and c.enterprise = a.enterprise and c.generic_name = a.generic_name
          and c.spec is not distinct from a.spec and c.pack is not distinct from a.pack
          and c.product_code is not distinct from a.product_code
         where a.alert_kind = 'price_rise' and a.status <> 'resolved' order by a.enterprise, a.generic_name`
      )
    ).map((r) => [r.enterprise, r.generic_name, r.since, r.figure, r.rule, r.source]);
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => tableCount(page, "alerts")).toBe(expected.length);
    const csv = await download(page, "alerts", "下载 CSV");
    expect(csv.name).toBe("监测预警.csv");
    const rows = parseCsv(csv.bytes.toString("utf8"));
    const at = (label: string) => rows[0]!.indexOf(label);
    const fromFile = rows
      .slice(1)
      .map((r) => [
        r[at("企业")],
        r[at("品种")],
        r[at("起始日期")],
        Number(r[at("指标值")]),
        r[at("预警规则")],
        r[at("依据文件")]
      ])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));
    expect(fromFile).toEqual(
      [...expected].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])))
    );
    for (const [, , , figure] of expected) expect(figure as number).toBeGreaterThan(0.1);
    await page.page.getByLabel("预警类型", {exact: true}).selectOption("全部");
  });
  it("filters by district, the hospital's region", async () => {
    const [first] = await queryTestWarehouse(
      dbPath,
      `select h.region, count(*)::integer as n from alerts a join stg_hospitals h using (hospital_code)
       where a.status <> 'resolved' group by h.region order by h.region limit 1`
    );
    await page.page.getByLabel("区县", {exact: true}).selectOption(String(first!.region));
    await expect.poll(() => tableCount(page, "alerts")).toBe(first!.n);
    await page.page.getByLabel("区县", {exact: true}).selectOption("全部");
  });

  it("opens an alert to the rows behind it, fetched only then, and downloads them as the mart has them", async () => {
    const fetched = () =>
      page.page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name.split("/").pop()!));
    expect((await fetched()).filter((name) => name.startsWith("monitoring-evidence"))).toEqual([]);
    await page.page.getByLabel("预警类型", {exact: true}).selectOption({label: kindLabels.shortage_prone!});
    await expect.poll(() => tableCount(page, "alerts")).toBe(1);
    await page.page.locator("[data-table=alerts] .jc-evidence-open").first().click();
    const notes = (
      await queryTestWarehouse(
        dbPath,
        `select e.note from alert_evidence e join alerts a using (alert_kind, enterprise, generic_name, since)
         where a.alert_kind = 'shortage_prone' and a.status <> 'resolved' order by e.evidence_date desc, e.evidence_item`
      )
    ).map((r) => r.note);
    expect(notes.length).toBeGreaterThanOrEqual(3);
    await expect.poll(() => tableCount(page, "evidence")).toBe(notes.length);
    expect((await fetched()).filter((name) => name.startsWith("monitoring-evidence"))).toHaveLength(1);
    expect(new URL(page.page.url()).searchParams.get("alert")).toMatch(/^\d+$/);
    const csv = await download(page, "evidence", "下载 CSV");
    expect(csv.name).toMatch(/^预警依据-易短缺-.+\.csv$/);
    const rows = parseCsv(csv.bytes.toString("utf8"));
    expect(rows.slice(1).map((r) => r[rows[0]!.indexOf("说明")])).toEqual(notes);
    await page.page.getByLabel("预警类型", {exact: true}).selectOption("全部");
  });
});

describe("企业档案 page", () => {
  it("shows an enterprise's alerts, price changes and credit ratings as the marts hold them", async () => {
    const [enterprise] = await queryTestWarehouse(
      dbPath,
      `select r.enterprise, r.credit_level,
              (select count(*) from alerts a where a.enterprise = r.enterprise and a.status <> 'resolved')::integer as alerts,
              (select count(*) from stg_credit_ratings c where c.enterprise = r.enterprise)::integer as ratings
       from enterprise_record r where r.credit_level is not null order by r.red_alerts desc, r.enterprise limit 1`
    );
    const page = await visit(
      browser,
      server.origin,
      `/enterprise.html?name=${encodeURIComponent(String(enterprise!.enterprise))}`,
      bureauScreen
    );
    try {
      expect(await kpiValue(page, "alerts")).toBe(enterprise!.alerts);
      expect((await kpiText(page, "credit")).value).toBe(enterprise!.credit_level);
      expect(await tableCount(page, "enterprise-alerts")).toBe(enterprise!.alerts);
      expect(await tableCount(page, "enterprise-ratings")).toBe(enterprise!.ratings);
      expect([...page.pageErrors, ...page.consoleErrors, ...page.cellErrors, ...page.foreignRequests]).toEqual([]);
    } finally {
      await page.context.close();
    }
  });
});

describe("page data", () => {
  it("ships each page well under 1 MB of data", () => {
    const sizes = pages.map(({path}) => {
      const html = readFileSync(join(site.outDir, path), "utf8");
      const files = [...new Set([...html.matchAll(/_file\/data\/[^"'?]+\.json/g)].map((m) => m[0]))].filter(
        (f) => !f.includes("/monitoring-evidence.") // fetched on demand, not with the page
      );
      return {path, files: files.length, bytes: files.reduce((sum, f) => sum + statSync(join(site.outDir, f)).size, 0)};
    });
    for (const s of sizes) expect(s.files, s.path).toBeGreaterThan(0);
    expect(sizes.filter((s) => s.bytes > 600_000)).toEqual([]);
  });

  it("fetches the evidence behind alerts only on demand, and keeps it under 2 MB", () => {
    // monitoring-evidence.json is referenced by 监测预警 but fetched when an officer opens an alert (tested above)
    const evidence = readdirSync(join(site.outDir, "_file/data")).filter((f) => f.startsWith("monitoring-evidence"));
    expect(evidence).toHaveLength(1);
    expect(statSync(join(site.outDir, "_file/data", evidence[0]!)).size).toBeLessThan(2_000_000);
  });
});

describe("preview (the server npm start runs)", () => {
  it("serves every page on 127.0.0.1 with the same figures, without network", async () => {
    // A free port: the one a static server is given is released and reused (again if another process took it).
    const freePort = async () => {
      const probe = await serveStatic(workDir);
      await probe.close();
      return Number(new URL(probe.origin).port);
    };
    const preview = await startPreview({dbPath, freePort});
    try {
      for (const {path} of pages) {
        const page = await visit(browser, preview.origin, path);
        try {
          expect({
            path,
            errors: [...page.pageErrors, ...page.consoleErrors, ...page.cellErrors, ...page.foreignRequests]
          }).toEqual({path, errors: []});
        } finally {
          await page.context.close();
        }
      }
      const page = await visit(browser, preview.origin, "/quality.html");
      const [expected] = await queryTestWarehouse(
        dbPath,
        "select sum(rows_loaded) as n from load_log where status = 'loaded'"
      );
      expect(await kpiValue(page, "rows-loaded")).toBe(Number(expected!.n));
      await page.context.close();
      expect(preview.output()).not.toMatch(/network access blocked/);
    } finally {
      await preview.stop();
    }
  }, 600_000);
});

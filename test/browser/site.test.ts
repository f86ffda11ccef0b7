// End-to-end: build the site offline against a test warehouse, serve dist/ from a plain static server on
// 127.0.0.1, and check every page in Chromium.
import {mkdtempSync, readFileSync, readdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {parseCsv} from "../../src/components/csv.js";
import {launchBrowser, sitePages, visit, type PageVisit} from "./browser.js";
import {buildSite, clearSiteCache, startPreview, type BuiltSite} from "./site-build.js";
import {serveStatic, type StaticServer} from "./static-server.js";
import {createTestWarehouse, hostileValue, queryTestWarehouse} from "./test-warehouse.js";

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
  clearSiteCache();
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
    expect(site.output).toMatch(new RegExp(`built ${pages.length} pages`));
  });

  it("ships no reference to a CDN, web font or any https:// URL", () => {
    const offenders: string[] = [];
    for (const file of distFiles(site.outDir).filter((f) => /\.(html|js|css|json)$/.test(f))) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/cdn\.jsdelivr|fonts\.googleapis|fonts\.gstatic|https:\/\/[^\s"'`)]*/g)) {
        offenders.push(`${file.slice(site.outDir.length)}: ${match[0]}`);
      }
      // http:// appears only as XML namespace names, which browsers never fetch.
      for (const match of text.matchAll(/http:\/\/[^\s"'`)]*/g)) {
        if (!match[0].startsWith("http://www.w3.org/")) offenders.push(`${file.slice(site.outDir.length)}: ${match[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe.each(pages)("page $path", ({path}) => {
  let page: PageVisit;
  beforeAll(async () => {
    page = await visit(browser, server.origin, path);
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

  it("links every page of the sidebar with .html paths that the static server resolves", async () => {
    const hrefs = await page.page.locator("#observablehq-sidebar a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
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
    const [expected] = await queryTestWarehouse(dbPath, "select sum(rows_loaded) as n from load_log where status = 'loaded'");
    expect(await kpiValue(page, "rows-loaded")).toBe(Number(expected!.n));
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

describe("总览 page", () => {
  it("shows the warehouse's file and row totals", async () => {
    const page = await visit(browser, server.origin, "/index.html");
    try {
      const [expected] = await queryTestWarehouse(
        dbPath,
        "select count(distinct file) as files, sum(rows_loaded) as rows from load_log"
      );
      expect(await kpiValue(page, "files")).toBe(Number(expected!.files));
      expect(await kpiValue(page, "rows-loaded")).toBe(Number(expected!.rows));
      await expect(page.page.locator('[data-table="by-source"] tbody tr').count()).resolves.toBe(8);
      await page.page.locator("#observablehq-sidebar a", {hasText: "数据质量"}).click();
      await page.page.waitForURL(/\/quality\.html$/);
      await expect(page.page.locator("h1#quality").count()).resolves.toBe(1);
    } finally {
      await page.context.close();
    }
  });
});

describe("preview (the server npm start runs)", () => {
  it("serves every page on 127.0.0.1 with the same figures, without network", async () => {
    // A free port: the one the static server of this test holds is released and reused.
    const probe = await serveStatic(workDir);
    const port = Number(new URL(probe.origin).port);
    await probe.close();
    const preview = await startPreview({dbPath, port});
    try {
      for (const {path} of pages) {
        const page = await visit(browser, preview.origin, path);
        try {
          expect({path, errors: [...page.pageErrors, ...page.consoleErrors, ...page.cellErrors, ...page.foreignRequests]}).toEqual({path, errors: []});
        } finally {
          await page.context.close();
        }
      }
      const page = await visit(browser, preview.origin, "/quality.html");
      const [expected] = await queryTestWarehouse(dbPath, "select sum(rows_loaded) as n from load_log where status = 'loaded'");
      expect(await kpiValue(page, "rows-loaded")).toBe(Number(expected!.n));
      await page.context.close();
      expect(preview.output()).not.toMatch(/network access blocked/);
    } finally {
      await preview.stop();
    }
  });
});

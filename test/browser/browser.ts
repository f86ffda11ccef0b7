// Drives Debian's Chromium with playwright-core and records everything that would break offline use.
import {chromium, type Browser, type BrowserContext, type Page} from "playwright-core";
import config from "../../observablehq.config.js";

export const chromiumPath = process.env.JICAI_CHROMIUM ?? "/usr/bin/chromium";

/** `executablePath` may be a wrapper that starts Chromium elsewhere, e.g. inside a network namespace. */
export async function launchBrowser(executablePath = chromiumPath): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run"
    ]
  });
}

export interface PageVisit {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests to any host but the site's own (refused, so a test cannot hang on them). */
  foreignRequests: string[];
  failedRequests: string[];
  /** Framework's in-page error displays (a cell that threw). */
  cellErrors: string[];
}

/** Opens `path` on the site and waits until every Framework cell has rendered. */
export async function visit(
  browser: Browser,
  origin: string,
  path: string,
  viewport = {width: 1280, height: 900}
): Promise<PageVisit> {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai"
  });
  const visit: PageVisit = {
    page: undefined!,
    context,
    consoleErrors: [],
    pageErrors: [],
    foreignRequests: [],
    failedRequests: [],
    cellErrors: []
  };
  const siteHost = new URL(origin).host;
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || url.host === siteHost) return route.continue();
    visit.foreignRequests.push(url.href);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  visit.page = page;
  page.on("console", (message) => {
    if (message.type() === "error") visit.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => visit.pageErrors.push(String(error)));
  page.on("requestfailed", (request) =>
    visit.failedRequests.push(`${request.url()} ${request.failure()?.errorText ?? ""}`)
  );
  // Bounds the wait for the page's own load event. The preview server runs a page's data loaders on its first
  // request (a Node process each, querying the warehouse): on a machine busy with another job that alone can
  // take longer than Playwright's default of 30 s.
  await page.goto(origin + path, {waitUntil: "networkidle", timeout: 120_000});
  await waitForRender(page);
  visit.cellErrors = await page.locator(".observablehq--error").allTextContents();
  return visit;
}

/**
 * Framework shows <observablehq-loading> until a cell's promise settles. The timeout bounds a wait for that event;
 * it is generous because a machine busy with another job renders slowly, and a fast page does not wait for it.
 */
export async function waitForRender(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {
    timeout: 90_000
  });
}

/** The pages of the site's navigation (observablehq.config.ts), as paths a static server resolves. */
export function sitePages(): {path: string; name: string}[] {
  return config.pages.map((p) => ({name: p.name, path: `${p.path}.html`}));
}

export interface ClippedTable {
  /** data-table id of the table (or its container's class) */
  table: string;
  /** pixels the table scrolls sideways in its box */
  scrolls: number;
  /** pixels the table's right edge runs past the window */
  pastWindow: number;
}

/** Tables of the page that do not fit: wider than their box (a sideways scrollbar) or running past the window. */
export async function clippedTables(page: Page): Promise<ClippedTable[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("#observablehq-main table")]
      .map((table) => {
        const box = table.parentElement!;
        return {
          table:
            table.closest("[data-table]")?.getAttribute("data-table") ??
            table.closest("[data-statement]")?.getAttribute("data-statement") ??
            box.className,
          scrolls: box.scrollWidth - box.clientWidth,
          pastWindow: Math.max(0, Math.ceil(table.getBoundingClientRect().right - document.documentElement.clientWidth))
        };
      })
      .filter((t) => t.scrolls > 0 || t.pastWindow > 0)
  );
}

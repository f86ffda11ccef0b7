// Screenshots of every page of a built site, for docs/screenshots/ and the README.
//   npm run build && npx tsx test/browser/screenshot.ts [--dist dist] [--out docs/screenshots] [--width 1280]
// Each page is saved as <out>/<page>.png (index.png, quality.png, …), full length, plus statement-print-1.png,
// -2.png and -last.png: pages of a hospital's statement as printed to PDF (needs pdftoppm, poppler-utils).
import {execFileSync} from "node:child_process";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {basename, join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {launchBrowser, sitePages, visit} from "./browser.js";
import {serveStatic} from "./static-server.js";

const {values} = parseArgs({
  options: {
    dist: {type: "string", default: "dist"},
    out: {type: "string", default: "docs/screenshots"},
    width: {type: "string", default: "1280"}
  }
});
const dist = resolve(values.dist!);
const out = resolve(values.out!);
mkdirSync(out, {recursive: true});

const server = await serveStatic(dist);
const browser = await launchBrowser();
let problems = 0;
try {
  for (const {path} of sitePages()) {
    const page = await visit(browser, server.origin, path, {width: Number(values.width), height: 900});
    const issues = [...page.pageErrors, ...page.consoleErrors, ...page.cellErrors, ...page.foreignRequests];
    for (const issue of issues) console.error(`${path}: ${issue}`);
    problems += issues.length;
    const file = join(out, `${basename(path, ".html")}.png`);
    // full length, up to 4,000 px (the statement page is a column of A4 sheets: its top tells enough)
    const height = await page.page.evaluate(() => document.documentElement.scrollHeight);
    await page.page.screenshot({
      path: file,
      fullPage: true,
      clip: {x: 0, y: 0, width: Number(values.width), height: Math.min(height, 4000)}
    });
    console.log(file);
    await page.context.close();
  }
  // The printed statement as a clerk gets it: Chromium's PDF (A4, one page per sheet), and its first page, the
  // first batch and period, and the last page (progress) as images, rendered by pdftoppm (poppler-utils).
  const print = await visit(browser, server.origin, "/statement.html");
  await print.page.emulateMedia({media: "print"});
  const pdfDir = mkdtempSync(join(tmpdir(), "jicai-print-"));
  try {
    const pdf = join(pdfDir, "statement.pdf");
    writeFileSync(pdf, await print.page.pdf({preferCSSPageSize: true, printBackground: true}));
    const pages = await print.page.locator(".jc-sheet").count();
    for (const [page, name] of [
      [1, "statement-print-1"],
      [2, "statement-print-2"],
      [pages, "statement-print-last"]
    ] as const) {
      execFileSync("pdftoppm", [
        "-png",
        "-r",
        "96",
        "-f",
        String(page),
        "-l",
        String(page),
        "-singlefile",
        pdf,
        join(out, name)
      ]);
      console.log(join(out, `${name}.png`));
    }
  } finally {
    rmSync(pdfDir, {recursive: true, force: true});
  }
  await print.context.close();
} finally {
  await browser.close();
  await server.close();
}
process.exitCode = problems ? 1 : 0;

// Screenshots of every page of a built site, for docs/screenshots/ and the README.
//   npm run build && npx tsx test/browser/screenshot.ts [--dist dist] [--out docs/screenshots] [--width 1280]
// Each page is saved as <out>/<page>.png (index.png, quality.png, …), full length, plus statement-print.png:
// the first A4 page of a hospital statement as printed (print stylesheet, A4 width).
import {mkdirSync} from "node:fs";
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
    await page.page.screenshot({path: file, fullPage: true});
    console.log(file);
    await page.context.close();
  }
  // A4 at 96 dpi is 794 × 1123 px; the print stylesheet hides the sidebar and controls.
  const print = await visit(browser, server.origin, "/statement.html", {width: 794, height: 1123});
  await print.page.emulateMedia({media: "print"});
  const file = join(out, "statement-print.png");
  await print.page.screenshot({path: file});
  console.log(file);
  await print.context.close();
} finally {
  await browser.close();
  await server.close();
}
process.exitCode = problems ? 1 : 0;

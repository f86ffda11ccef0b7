import {spawn} from "node:child_process";
import {readdirSync, readFileSync, statSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {beforeAll, describe, expect, it} from "vitest";
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
  it("builds a static bundle whose files name no other hospital by code or name", () => {
    const files = filesUnder(out);
    expect(files.some((f) => f.endsWith("statement.html"))).toBe(true);
    // The scan below reads bytes as text, which proves nothing for compressed data files (the site's icon is SVG text).
    const dataFiles = files.filter((f) => f.includes("/_file/"));
    expect(dataFiles.length).toBeGreaterThan(0);
    expect(dataFiles.filter((f) => !/\.(json|csv|txt|svg)$/.test(f))).toEqual([]);
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

  it("refuses an unknown hospital and a non-empty output directory", () => {
    const unknown = jicai(["hospital-pack", "H999", "--out", join(dir, "other"), "--db", db]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("没有医疗机构 H999");
    const busy = jicai(["hospital-pack", chosen.code, "--out", out, "--db", db]);
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain("输出目录不是空的");
  });
});

import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {frameworkNpmPackages, npmPackageName, offlineVersion, seedNpmCache} from "../../pipelines/site/npm-cache.js";
import {prepareSiteCache} from "../../pipelines/site/prepare.js";
import {observableBuild, projectRoot} from "../browser/site-build.js";

const temp = mkdtempSync(join(tmpdir(), "jicai-npm-cache-"));
afterAll(() => rmSync(temp, {recursive: true, force: true}));

describe("npmPackageName", () => {
  it("strips versions and paths, keeping scopes", () => {
    expect(npmPackageName("react-dom")).toBe("react-dom");
    expect(npmPackageName("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm")).toBe("@duckdb/duckdb-wasm");
    expect(npmPackageName("htl@0.3.1/+esm")).toBe("htl");
    expect(npmPackageName("@observablehq/plot@0.6")).toBe("@observablehq/plot");
  });
});

describe("frameworkNpmPackages", () => {
  it("lists the libraries Framework's client imports lazily", () => {
    const packages = frameworkNpmPackages();
    expect(packages).toEqual(
      expect.arrayContaining(["react-dom", "lodash", "d3", "htl", "@duckdb/duckdb-wasm", "@observablehq/inputs"])
    );
    expect(packages.every((p) => !p.includes("@", 1) && p.split("/").length <= 2)).toBe(true);
  });
});

describe("seedNpmCache", () => {
  it("replaces whatever was cached with one empty directory per package", () => {
    const cache = join(temp, "seed");
    mkdirSync(join(cache, "_npm/d3@7.9.2"), {recursive: true});
    writeFileSync(join(cache, "_npm/d3@7.9.2/_esm.js"), "export {}");
    const seeded = seedNpmCache(cache, ["d3", "@observablehq/plot"]);
    expect(seeded).toHaveLength(2);
    expect(readdirSync(join(cache, "_npm")).sort()).toEqual(["@observablehq", `d3@${offlineVersion}`]);
    expect(readdirSync(join(cache, "_npm/@observablehq"))).toEqual([`plot@${offlineVersion}`]);
    expect(readdirSync(join(cache, `_npm/d3@${offlineVersion}`))).toEqual([]);
  });
});

describe("prepareSiteCache", () => {
  it("clears loader outputs and client bundles, keeps node_modules bundles, seeds _npm", () => {
    const cache = join(temp, "prepare");
    for (const dir of ["data", "_observablehq", "_node/d3@7.9.2", "_npm/lodash@4.17.21"])
      mkdirSync(join(cache, dir), {recursive: true});
    writeFileSync(join(cache, "data/quality.json"), "{}");
    const result = prepareSiteCache(cache);
    expect(result.cleared).toEqual(["_observablehq", "data"]);
    expect(existsSync(join(cache, "data/quality.json"))).toBe(false);
    expect(existsSync(join(cache, "_node/d3@7.9.2"))).toBe(true);
    expect(existsSync(join(cache, "_npm/lodash@4.17.21"))).toBe(false);
    expect(existsSync(join(cache, `_npm/lodash@${offlineVersion}`))).toBe(true);
    expect(result.seededPackages).toBe(frameworkNpmPackages().length);
  });

  it("tolerates a cache that does not exist yet", () => {
    expect(prepareSiteCache(join(temp, "fresh")).cleared).toEqual([]);
  });
});

/** A minimal Framework project in a temp dir sharing this repository's node_modules. */
function project(name: string, page: string): string {
  const dir = join(temp, name);
  mkdirSync(join(dir, "src"), {recursive: true});
  symlinkSync(join(projectRoot, "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "package.json"), '{"type": "module", "private": true}');
  writeFileSync(join(dir, "observablehq.config.js"), 'export default {root: "src", globalStylesheets: []};');
  writeFileSync(join(dir, "src/index.md"), page);
  prepareSiteCache(join(dir, "src/.observablehq/cache"));
  return dir;
}

describe("a seeded build with the network blocked", () => {
  it("succeeds when libraries come from node_modules", async () => {
    const dir = project(
      "explicit",
      '```js\nimport * as Plot from "@observablehq/plot";\ndisplay(Plot.ruleY([0]).plot());\n```\n'
    );
    const build = await observableBuild(dir, {OBSERVABLE_TELEMETRY_DISABLE: "1"});
    expect(build.output).not.toMatch(/registry\.npmjs|cdn\.jsdelivr/);
    expect(build.blocked).toEqual([]);
    expect(build.ok).toBe(true);
  });

  it("fails fast on an implicit global instead of resolving it from the registry", async () => {
    const dir = project("implicit", "```js\ndisplay(d3.sum([1, 2]));\n```\n");
    const build = await observableBuild(dir, {OBSERVABLE_TELEMETRY_DISABLE: "1"});
    expect(build.ok).toBe(false);
    // The only attempt is the CDN fetch of the seeded placeholder version, which does not exist anywhere.
    expect(build.blocked.map((b) => b.replace(/^\d+ /, ""))).toEqual([
      `fetch https://cdn.jsdelivr.net/npm/d3@${offlineVersion}/+esm`
    ]);
  });
});

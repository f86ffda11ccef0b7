import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {projectChecks} from "../../pipelines/runner/checks.js";
import type {Project} from "../../pipelines/runner/project.js";

const dir = mkdtempSync(join(tmpdir(), "jicai-runner-checks-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function project(derived: Project["derivedChecks"] = () => []): Project {
  const files: Record<string, string> = {
    "top/item_sums.sql": "select 1 as shop, 2 as day, 3 as total",
    "top/item_sums.yml": "title: 销售汇总\nunique_key: [shop, day]\ncolumns:\n  shop: 门店\n  day: 日期\n",
    "checks/totals_positive.sql": "-- 说明: 合计为正\n-- severity: warning\nselect * from item_sums where total <= 0\n"
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), {recursive: true});
    writeFileSync(join(dir, path), text);
  }
  return {
    dir,
    layers: ["top"],
    materializedByLayer: {top: "table"},
    macrosSql: () => "",
    checksDir: join(dir, "checks"),
    derivedChecks: derived
  };
}

describe("the checks of a project", () => {
  it("are its check files, a key check per model with a unique_key, and the derived checks, by name", () => {
    const derived = () => [
      {name: "a_derived", description: "派生", severity: "error" as const, sql: "select 1 where false"}
    ];
    const checks = projectChecks(project(derived));
    expect(checks.map((c) => [c.name, c.severity])).toEqual([
      ["a_derived", "error"],
      ["totals_positive", "warning"],
      ["unique_item_sums", "error"]
    ]);
    const key = checks.find((c) => c.name === "unique_item_sums")!;
    expect(key.description).toBe("销售汇总每行唯一（门店 + 日期不重复）");
    expect(key.sql).toMatch(
      /select shop, day, count\(\*\) as rows\s+from item_sums\s+group by all\s+having count\(\*\) > 1/
    );
  });

  it("refuse two checks of one name", () => {
    const twin = () => [{name: "totals_positive", description: "重名", severity: "error" as const, sql: "select 1"}];
    expect(() => projectChecks(project(twin))).toThrow(/检查名称重复：totals_positive/);
  });
});

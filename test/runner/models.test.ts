import {describe, expect, it} from "vitest";
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {martNames} from "../../pipelines/models/marts.js";
import {modelsProject} from "../../pipelines/models/project.js";
import {buildOrder, discoverModels, orderModels, referencedNames, type Model} from "../../pipelines/runner/models.js";
import type {Project} from "../../pipelines/runner/project.js";

const model = (name: string, deps: string[]): Model => ({
  name,
  layer: "marts",
  path: `${name}.sql`,
  sql: "",
  deps,
  materialized: "table",
  loadsOf: [],
  descriptor: {}
});

/** A project in a temp folder holding the given files (path relative to the project → text). */
function projectWith(files: Record<string, string>): Project & {cleanup(): void} {
  const dir = mkdtempSync(join(tmpdir(), "jicai-runner-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), {recursive: true});
    writeFileSync(join(dir, path), text);
  }
  return {
    dir,
    layers: ["base", "top"],
    materializedByLayer: {base: "view", top: "table"},
    macrosSql: () => "",
    checksDir: join(dir, "checks"),
    cleanup: () => rmSync(dir, {recursive: true, force: true})
  };
}

describe("model graph", () => {
  it("finds names after from and join, ignoring comments", () => {
    const sql = `-- reads from old_table in a comment
      with a as (select * from stg_orders), b as (select * from a left join int_batches using (x))
      /* join ignored_table */ select * from b inner join
        policy_params on true`;
    expect(referencedNames(sql).sort()).toEqual(["a", "b", "int_batches", "policy_params", "stg_orders"]);
  });

  it("orders each model after the models it reads and rejects a cycle", () => {
    const ordered = orderModels([model("c", ["b"]), model("a", []), model("b", ["a"])]).map((m) => m.name);
    expect(ordered).toEqual(["a", "b", "c"]);
    expect(() => orderModels([model("a", ["b"]), model("b", ["a"])])).toThrow(/循环依赖：a → b → a/);
  });

  it("reads each model's descriptor beside its SQL, and names the file and field of a mistake", () => {
    const project = projectWith({
      "base/items.sql": "select 1 as id",
      "top/item_sums.sql": "select * from items",
      "top/item_sums.yml": "materialized: incremental\nloads_of: [raw_items]\ncolumns:\n  id: 编号\n"
    });
    try {
      const [items, sums] = buildOrder(project);
      expect(items).toMatchObject({name: "items", materialized: "view", loadsOf: [], descriptor: {}});
      expect(sums).toMatchObject({
        name: "item_sums",
        deps: ["items"],
        materialized: "incremental",
        loadsOf: ["raw_items"]
      });
      expect(sums!.descriptor.columns).toEqual({id: "编号"});
      writeFileSync(join(project.dir, "top/item_sums.yml"), "materialized: incremental\n");
      expect(() => discoverModels(project)).toThrow(/item_sums\.yml 有误：.*loads_of/);
      writeFileSync(join(project.dir, "top/item_sums.yml"), "colums:\n  id: 编号\n");
      expect(() => discoverModels(project)).toThrow(/item_sums\.yml 有误/);
    } finally {
      project.cleanup();
    }
  });

  it("discovers the project's models: staging views, intermediate and mart tables, deps before dependents", () => {
    const ordered = buildOrder(modelsProject);
    const position = new Map(ordered.map((m, i) => [m.name, i]));
    for (const m of ordered) for (const dep of m.deps) expect(position.get(dep)!).toBeLessThan(position.get(m.name)!);
    for (const mart of martNames) expect(ordered.find((m) => m.name === mart)?.materialized).toBe("table");
    expect(ordered.filter((m) => m.layer === "staging").every((m) => m.materialized === "view")).toBe(true);
    expect(ordered.find((m) => m.name === "batch_summary")!.deps).toEqual(
      expect.arrayContaining(["int_batches", "batch_products", "savings", "volume_progress", "retention_statement"])
    );
  });

  it("marks the models that read order lines or listings load by load incremental, and none reads as_of", () => {
    const incremental = discoverModels(modelsProject).filter((m) => m.materialized === "incremental");
    expect(Object.fromEntries(incremental.map((m) => [m.name, m.loadsOf]))).toEqual({
      int_order_months: ["raw_orders"],
      int_order_payments: ["raw_orders"],
      int_product_matches: ["raw_orders", "raw_listing_prices"]
    });
    // every listing version, not stg_listing_prices: the latest version of a listing may come from another load
    const stagingOf: Record<string, string> = {
      raw_orders: "stg_orders",
      raw_listing_prices: "stg_listing_price_versions"
    };
    for (const m of incremental) {
      const code = m.sql.replace(/--[^\n]*/g, "");
      for (const table of m.loadsOf) {
        const view = stagingOf[table]!;
        // every read of the view keeps only the pending loads
        const reads = code.match(new RegExp(`from ${view}\\b`, "g")) ?? [];
        const pending = code.match(
          new RegExp(`from ${view}\\s+where load_id in \\(select load_id from pending_loads\\)`, "g")
        );
        expect(reads.length, `${m.name} reads ${view}`).toBeGreaterThan(0);
        expect(pending?.length, m.name).toBe(reads.length);
      }
      expect(code, m.name).not.toMatch(/\bstg_listing_prices\b/);
      // as_of moves with every orders load and is left out of their fingerprint (order_cutoff is not)
      expect(code, m.name).not.toMatch(/\bas_of\b/);
    }
  });

  it("keeps every model dbt-shaped: import CTEs and a final select * from final", () => {
    for (const m of discoverModels(modelsProject)) {
      expect(m.sql.trim().endsWith("select * from final"), m.name).toBe(true);
      expect(/^with\b/m.test(m.sql), m.name).toBe(true);
    }
  });
});

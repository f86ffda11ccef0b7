import {describe, expect, it} from "vitest";
import {discoverModels, orderModels, referencedNames, type Model} from "../../pipelines/models/graph.js";
import {martNames} from "../../pipelines/models/labels.js";

const model = (name: string, deps: string[]): Model => ({
  name,
  layer: "marts",
  path: `${name}.sql`,
  sql: "",
  deps,
  materialized: "table"
});

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

  it("discovers the project's models: staging views, intermediate and mart tables, deps before dependents", () => {
    const ordered = orderModels(discoverModels());
    const position = new Map(ordered.map((m, i) => [m.name, i]));
    for (const m of ordered) for (const dep of m.deps) expect(position.get(dep)!).toBeLessThan(position.get(m.name)!);
    for (const mart of martNames) expect(ordered.find((m) => m.name === mart)?.materialized).toBe("table");
    expect(ordered.filter((m) => m.layer === "staging").every((m) => m.materialized === "view")).toBe(true);
    expect(ordered.find((m) => m.name === "batch_summary")!.deps).toEqual(
      expect.arrayContaining(["int_batches", "batch_products", "savings", "volume_progress", "retention_statement"])
    );
  });

  it("marks the order models incremental: they read lines only for the pending loads, and never as_of", () => {
    const incremental = discoverModels().filter((m) => m.materialized === "incremental");
    expect(incremental.map((m) => m.name).sort()).toEqual(["int_order_months", "int_order_payments"]);
    for (const m of incremental) {
      const code = m.sql.replace(/--[^\n]*/g, "");
      expect(code, m.name).toMatch(/from stg_orders\s+where load_id in \(select load_id from jc_pending_loads\)/);
      // as_of moves with every orders load and is left out of their fingerprint (order_cutoff is not)
      expect(code, m.name).not.toMatch(/\bas_of\b/);
      expect(m.deps, m.name).toContain("stg_orders");
    }
  });

  it("keeps every model dbt-shaped: import CTEs and a final select * from final", () => {
    for (const m of discoverModels()) {
      expect(m.sql.trim().endsWith("select * from final"), m.name).toBe(true);
      expect(/^with\b/m.test(m.sql), m.name).toBe(true);
    }
  });
});

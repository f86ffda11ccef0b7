import {afterAll, beforeAll, describe, expect, it, vi} from "vitest";
import {checkCommand} from "../../pipelines/commands/check.js";
import {refreshCommand} from "../../pipelines/commands/refresh.js";
import {martNames} from "../../pipelines/models/marts.js";
import {openWarehouse} from "../../pipelines/warehouse/open.js";
import {insertRows, tempWarehouse} from "../models/warehouse-fixture.js";

async function capture(run: () => Promise<number>): Promise<{code: number; out: string}> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  try {
    return {code: await run(), out: lines.join("\n")};
  } finally {
    log.mockRestore();
  }
}

describe("jicai refresh and jicai check", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;

  beforeAll(async () => {
    fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    await insertRows(conn, "raw_hospitals", [
      {hospital_code: "H1", name: "华阳市第一人民医院", level: "三级", mi_pay_ratio: 0.7}
    ]);
    await insertRows(conn, "raw_orders", [
      {
        order_id: "O1",
        line_no: 1,
        hospital_code: "H1",
        generic_name: "氨氯地平",
        spec: "5mg",
        qty: 10,
        qty_unit: "盒",
        unit_price: 3.5,
        amount: 35,
        order_date: "2024-03-15"
      }
    ]);
    fixture.warehouse.close();
  });

  afterAll(() => fixture.cleanup());

  it("refresh rebuilds the marts under the chosen policy and as-of date", async () => {
    const {code, out} = await capture(() =>
      refreshCommand.run(["--db", fixture.path, "--as-of", "2024-12-31", "--policy", "graded", "--json"])
    );
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result).toMatchObject({asOf: "2024-12-31", policy: {id: "graded-2024", jurisdiction: "graded"}});
    expect(result.models.find((m: {name: string}) => m.name === "payment_timeliness").rows).toBe(1);
  });

  it("refresh reports the whole time, commit included, on its last line", async () => {
    const {code, out} = await capture(() =>
      refreshCommand.run(["--db", fixture.path, "--as-of", "2024-12-31", "--full"])
    );
    expect(code).toBe(0);
    const modelRows = [...out.matchAll(/ (\d+) ms/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    const [, total, commit] = /用时 ([\d.]+) 秒（其中提交 ([\d.]+) 秒）。$/.exec(out) ?? [];
    expect(Number(total) * 1000).toBeGreaterThanOrEqual(modelRows - 50);
    expect(Number(total)).toBeGreaterThanOrEqual(Number(commit));
  });

  it("refresh leaves unchanged models alone, reads only changed order loads, and --full rebuilds everything", async () => {
    const refresh = async (args: string[]) => {
      const {code, out} = await capture(() =>
        refreshCommand.run(["--db", fixture.path, "--as-of", "2024-12-31", ...args, "--json"])
      );
      expect(code).toBe(0);
      return JSON.parse(out).models as {name: string; mode: string; loadsRead?: number}[];
    };
    const incremental = new Set(["int_product_matches", "int_order_months", "int_order_payments"]);
    const orderModels = (models: {name: string; mode: string; loadsRead?: number}[]) =>
      Object.fromEntries(
        models.filter((m) => incremental.has(m.name)).map(({name, mode, loadsRead}) => [name, {mode, loadsRead}])
      );
    const each = (run: {mode: string; loadsRead: number}) => Object.fromEntries([...incremental].map((n) => [n, run]));
    await refresh([]);
    const again = await refresh([]);
    expect(orderModels(again)).toEqual(each({mode: "incremental", loadsRead: 0}));
    expect(again.filter((m) => !incremental.has(m.name)).map((m) => m.mode)).toEqual(
      again.filter((m) => !incremental.has(m.name)).map(() => "unchanged")
    );
    const full = await refresh(["--full"]);
    expect(orderModels(full)).toEqual(each({mode: "full", loadsRead: 1}));
    expect(full.every((m) => m.mode === "full")).toBe(true);
    // Another as-of date rebuilds what reads as_of, and nothing that does not.
    const moved = Object.fromEntries((await refresh(["--as-of", "2025-01-31"])).map((m) => [m.name, m.mode]));
    expect(moved).toMatchObject({
      payment_timeliness: "full",
      volume_progress: "full",
      savings: "unchanged",
      int_batches: "unchanged"
    });
    expect(refreshCommand.usage).toMatch(/--full\s+全量重建全部模型/);
  });

  it("refresh reports a policy error naming the jurisdiction", async () => {
    await expect(refreshCommand.run(["--db", fixture.path, "--policy", "无此辖区"])).rejects.toThrow(
      /没有辖区为 “无此辖区”/
    );
  });

  it("refresh --as-of D leaves every check result dated D, as every check run against the marts of D gives it", async () => {
    const stored = async () => {
      const warehouse = await openWarehouse(fixture.path, {readOnly: true});
      try {
        const reader = await warehouse.conn.runAndReadAll(
          `select check_name, passed, rows_failing, sample, error, strftime(as_of, '%Y-%m-%d') as as_of
           from check_results order by check_name`
        );
        return reader.getRowObjectsJson();
      } finally {
        warehouse.close();
      }
    };
    for (const asOf of ["2024-12-31", "2025-06-30", "2024-12-31"]) {
      const {code, out} = await capture(() => refreshCommand.run(["--db", fixture.path, "--as-of", asOf, "--json"]));
      expect(code).toBe(0);
      const result = JSON.parse(out);
      // the summary counts marts, not the intermediate tables rebuilt with them
      expect(result.marts).toBe(martNames.length);
      expect(result.martsRebuilt).toBeGreaterThan(0);
      expect(result.martsRebuilt).toBeLessThanOrEqual(martNames.length);
      const checks = await stored();
      expect(checks.length).toBeGreaterThan(20);
      expect(new Set(checks.map((c) => c.as_of))).toEqual(new Set([asOf]));
      // results kept from another date (their inputs did not change) are what running every check gives now
      expect((await capture(() => checkCommand.run(["--db", fixture.path]))).code).toBe(0);
      expect(await stored()).toEqual(checks);
    }
  });

  it("check exits 0 on consistent data and 1 with a Chinese report when an amount is wrong", async () => {
    const ok = await capture(() => checkCommand.run(["--db", fixture.path]));
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/全部通过/);

    const warehouse = await openWarehouse(fixture.path);
    await insertRows(warehouse.conn, "raw_orders", [
      {
        order_id: "O2",
        line_no: 1,
        hospital_code: "H1",
        generic_name: "氨氯地平",
        spec: "5mg",
        qty: 10,
        qty_unit: "盒",
        unit_price: 3.5,
        amount: 36,
        order_date: "2024-03-16"
      }
    ]);
    warehouse.close();
    const failed = await capture(() => checkCommand.run(["--db", fixture.path]));
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/\[失败\] order_amounts：订单金额等于采购数量 × 采购单价/);
  });
});

import {afterAll, beforeAll, describe, expect, it, vi} from "vitest";
import {alertsCommand, alertsExitCode} from "../../pipelines/commands/alerts.js";
import {UsageError} from "../../pipelines/commands/command.js";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {jicai} from "../helpers/cli.js";
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

describe("jicai alerts", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;

  beforeAll(async () => {
    fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    const listing = {
      province: "江川省",
      generic_name: "涨价片",
      dosage_form: "片剂",
      spec: "5mg",
      pack: "10片/盒",
      conversion_ratio: 10,
      enterprise: "甲药业",
      category: "药品"
    };
    // a yellow price rise from 2026-04-01 and a red credit exposure from 2026-03-02
    await insertRows(conn, "raw_listing_prices", [
      {...listing, listed_price: 10, valid_from: "2026-01-01"},
      {...listing, listed_price: 12, valid_from: "2026-04-01", load_id: 2}
    ]);
    await insertRows(conn, "raw_hospitals", [{hospital_code: "H1", name: "江川市第一人民医院", level: "三级"}]);
    await insertRows(conn, "raw_orders", [
      {
        order_id: "O1",
        hospital_code: "H1",
        generic_name: "失信片",
        enterprise: "乙药业",
        qty: 1,
        unit_price: 5,
        order_date: "2026-03-02",
        received_date: "2026-03-03",
        load_id: 3
      }
    ]);
    await insertRows(conn, "raw_credit_ratings", [
      {province: "江川省", enterprise: "乙药业", rating_date: "2026-03-01", level: "特别严重失信"}
    ]);
    await refreshModels(conn, {asOf: "2026-04-30"});
    fixture.warehouse.close();
  }, 120_000);

  afterAll(() => fixture?.cleanup());

  it("exits 2 when a red alert is listed, and prints each with its action and a total", async () => {
    const {code, out} = await capture(() => alertsCommand.run(["--db", fixture.path]));
    expect(code).toBe(2);
    const lines = out.split("\n");
    expect(lines[0]).toBe(
      "[红色预警·新增] 失信企业采购  乙药业 · 失信片 · 江川市第一人民医院：2026-03-01 评为“特别严重失信”后仍采购 1 条明细、5.00 元（2026-03-02 至 2026-03-02）；处置：取消全部产品在本省的挂网和配送资格"
    );
    expect(lines[1]).toContain(
      "[黄色预警·新增] 挂网价格上涨  甲药业 · 涨价片 片剂 5mg：挂网价格由 10.00 元调至 12.00 元"
    );
    expect(lines.at(-1)).toBe("共 2 条监测预警：红色预警 1 条，黄色预警 1 条");
  });

  it("exits 1 for yellow alerts only and 0 for none, by --since", async () => {
    const yellow = await capture(() => alertsCommand.run(["--db", fixture.path, "--since", "2026-03-15", "--json"]));
    expect(yellow.code).toBe(1);
    expect(JSON.parse(yellow.out).map((a: {alert_kind: string; since: string}) => [a.alert_kind, a.since])).toEqual([
      ["price_rise", "2026-04-01"]
    ]);
    const none = await capture(() => alertsCommand.run(["--db", fixture.path, "--since", "2026-04-02"]));
    expect(none).toEqual({code: 0, out: "没有起始日期不早于 2026-04-02 的监测预警"});
  });

  it("refuses a --since that is not a date", async () => {
    await expect(alertsCommand.run(["--db", fixture.path, "--since", "2026-13-01"])).rejects.toThrow(UsageError);
    expect([alertsExitCode([]), alertsExitCode(["info"]), alertsExitCode(["yellow", "red"])]).toEqual([0, 1, 2]);
  });

  it("exits 3, never 1 or 2, when it cannot look: a scheduled job must not read a failure as a warning", () => {
    const usage = jicai(["alerts", "--since", "2026-13-01", "--db", fixture.path]);
    expect(usage.status).toBe(3);
    expect(usage.stderr).toContain("jicai alerts: --since");
    const missing = jicai(["alerts", "--db", `${fixture.path}.missing.duckdb`]);
    expect(missing.status).toBe(3);
    expect(missing.stderr.startsWith("jicai alerts: ")).toBe(true);
  });
});

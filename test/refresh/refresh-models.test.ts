import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {martColumnLabels, martNames} from "../../pipelines/models/marts.js";
import {insertRows, rows, tempWarehouse} from "../models/warehouse-fixture.js";

describe("refreshModels", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;

  beforeAll(async () => {
    fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    await insertRows(conn, "raw_hospitals", [
      {hospital_code: "H1", name: "华阳市第一人民医院", level: "三级", mi_pay_ratio: 0.7}
    ]);
    await insertRows(conn, "raw_batches", [
      {batch_id: "B1", name: "第一批", level: "国家", category: "药品", exec_start: "2024-01-01"}
    ]);
    await insertRows(conn, "raw_batch_results", [
      {
        batch: "B1",
        generic_name: "氨氯地平",
        dosage_form: "片剂",
        spec: "5mg",
        pack: "7片/盒",
        enterprise: "江川制药",
        price_per_pack: 0.7,
        ceiling_price_unit: 0.5
      }
    ]);
    await insertRows(conn, "raw_agreed_volumes", [
      {batch: "B1", hospital_code: "H1", generic_name: "氨氯地平", spec: "5mg", agreed_qty: 7000, unit: "片"}
    ]);
    await insertRows(conn, "raw_orders", [
      {
        order_id: "O1",
        line_no: 1,
        hospital_code: "H1",
        generic_name: "氨氯地平",
        dosage_form: "片剂",
        spec: "5mg",
        pack: "7片/盒",
        enterprise: "江川制药",
        qty: 100,
        qty_unit: "盒",
        unit_price: 0.7,
        amount: 70,
        order_date: "2024-03-15"
      },
      {
        order_id: "O2",
        line_no: 1,
        hospital_code: "H1",
        generic_name: "氨氯地平",
        dosage_form: "片剂",
        spec: "5mg",
        pack: "7片/盒",
        enterprise: "江川制药",
        qty: 100,
        qty_unit: "盒",
        unit_price: 0.7,
        amount: 70,
        order_date: "2024-05-20"
      }
    ]);
    await insertRows(conn, "raw_listing_prices", [
      {
        province: "江川省",
        generic_name: "氨氯地平",
        dosage_form: "片剂",
        spec: "5mg",
        pack: "7片/盒",
        enterprise: "江川制药",
        listed_price: 0.7,
        valid_from: "2024-01-01"
      },
      // a second version (a 10 % cut), so the price history and the purchases above the listed price have rows
      {
        province: "江川省",
        generic_name: "氨氯地平",
        dosage_form: "片剂",
        spec: "5mg",
        pack: "7片/盒",
        enterprise: "江川制药",
        listed_price: 0.63,
        valid_from: "2024-04-01",
        load_id: 2
      }
    ]);
    await insertRows(conn, "raw_credit_ratings", [
      {province: "江川省", enterprise: "江川制药", rating_date: "2024-05-01", level: "特别严重失信"}
    ]);
    await insertRows(conn, "raw_nrdl", [
      {nrdl_year: 2024, drug_name: "某单抗", payment_standard: 100, standard_unit: "100mg/支"}
    ]);
    await insertRows(conn, "raw_surplus_returns", [
      {hospital_code: "H1", batch: "第一批", period: "第1年", paid_amount: 0}
    ]);
  });

  afterAll(() => fixture.cleanup());

  it("defaults the as-of date to the latest order date and writes the policy parameters", async () => {
    const result = await refreshModels(fixture.warehouse.conn);
    expect(result.asOf).toBe("2024-05-20");
    expect(result.policy.id).toBe("default-2019");
    const [params] = await rows(
      fixture.warehouse.conn,
      "select as_of, drug_multiplier, flat_rate, on_time_days from policy_params"
    );
    expect(params).toEqual({as_of: "2024-05-20", drug_multiplier: "1.8000", flat_rate: "0.500000", on_time_days: 30});
    const marts = result.models.filter((m) => (martNames as readonly string[]).includes(m.name));
    expect(marts.map((m) => m.name).sort()).toEqual([...martNames].sort());
    // every mart has rows, except the notes on untrusted values: the fixture's values are all trusted
    for (const m of marts.filter((m) => m.name !== "data_quality_notes")) expect(m.rows, m.name).toBeGreaterThan(0);
    expect(marts.find((m) => m.name === "data_quality_notes")?.rows).toBe(0);
    expect(result.models.find((m) => m.name === "stg_orders")?.rows).toBeNull();
  });

  it("reports where the refresh's time went, phase by phase, adding up to the models' own times", async () => {
    const started = performance.now();
    const result = await refreshModels(fixture.warehouse.conn, {full: true});
    const elapsed = performance.now() - started;
    const {timings} = result;
    expect(Object.keys(timings).sort()).toEqual(["commit", "incremental", "labels", "models", "prepare"]);
    for (const ms of Object.values(timings)) expect(Number.isInteger(ms) && ms >= 0).toBe(true);
    const modelMs = result.models.reduce((s, m) => s + m.ms, 0);
    // Phases are measured around the models: rounding apart, they hold at least the models' own times.
    expect(timings.incremental + timings.models).toBeGreaterThanOrEqual(modelMs - result.models.length);
    expect(timings.incremental).toBeGreaterThanOrEqual(
      result.models.find((m) => m.name === "int_order_months")!.ms - 1
    );
    expect(Object.values(timings).reduce((s, ms) => s + ms, 0)).toBeLessThanOrEqual(Math.ceil(elapsed) + 5);
  });

  it("labels every mart column in Chinese and stores the label as the column comment", async () => {
    const columns = await rows(
      fixture.warehouse.conn,
      `select table_name, column_name, comment from duckdb_columns()
       where table_name in (${martNames.map((m) => `'${m}'`).join(", ")})`
    );
    const missing = columns.filter((c) => !martColumnLabels(String(c.table_name))[String(c.column_name)]);
    expect(missing).toEqual([]);
    // and no label for a column a mart does not have
    const stale = martNames.flatMap((mart) =>
      Object.keys(martColumnLabels(mart))
        .filter((column) => !columns.some((c) => c.table_name === mart && c.column_name === column))
        .map((column) => `${mart}.${column}`)
    );
    expect(stale).toEqual([]);
    const comment = columns.find(
      (c) => c.table_name === "retention_statement" && c.column_name === "retained"
    )?.comment;
    expect(comment).toBe("应留用金额（元）");
  });

  it("is repeatable: a second refresh gives the same marts", async () => {
    const before = await rows(fixture.warehouse.conn, "select * from retention_statement");
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-05-20"});
    expect(await rows(fixture.warehouse.conn, "select * from retention_statement")).toEqual(before);
  });

  it("keeps the previous marts when a model fails", async () => {
    const conn = fixture.warehouse.conn;
    const before = await rows(conn, "select * from savings");
    await conn.run("alter table raw_nrdl rename to raw_nrdl_hidden");
    try {
      await expect(refreshModels(conn, {asOf: "2025-01-01"})).rejects.toThrow(/模型 staging\/stg_nrdl\.sql 运行失败/);
    } finally {
      await conn.run("alter table raw_nrdl_hidden rename to raw_nrdl");
    }
    expect(await rows(conn, "select * from savings")).toEqual(before);
    const [params] = await rows(conn, "select as_of from policy_params");
    expect(params!.as_of).toBe("2024-05-20");
  });

  it("rejects an as-of date that is not YYYY-MM-DD", async () => {
    await expect(refreshModels(fixture.warehouse.conn, {asOf: "2024/5/20"})).rejects.toThrow(/格式应为 2025-03-01/);
  });
});

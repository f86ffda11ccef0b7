import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {martNames} from "../../pipelines/models/marts.js";
import {modelsProject} from "../../pipelines/models/project.js";
import {
  checksPassed,
  discoverChecks,
  formatCheckReport,
  projectChecks,
  runChecks as runProjectChecks
} from "../../pipelines/runner/checks.js";
import {contracts} from "../../pipelines/sources/index.js";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {insertRows, rows, tempWarehouse} from "./warehouse-fixture.js";

const runChecks = (conn: Parameters<typeof runProjectChecks>[0], options?: Parameters<typeof runProjectChecks>[2]) =>
  runProjectChecks(conn, modelsProject, options);

describe("data-quality checks", () => {
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
        batch: "第一批",
        generic_name: "氨氯地平",
        dosage_form: "片剂",
        spec: "5mg",
        pack: "7片/盒",
        enterprise: "江川制药",
        price_per_pack: 0.7,
        pre_vbp_price_unit: 0.5
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
      }
    ]);
    await refreshModels(conn);
  });

  afterAll(() => fixture.cleanup());

  it("every check has a Chinese description and a severity; every source and mart has a key check", () => {
    expect(discoverChecks(modelsProject.checksDir).length).toBeGreaterThanOrEqual(19);
    const checks = projectChecks(modelsProject);
    for (const name of [...contracts.map((c) => c.kind.replaceAll("-", "_")), ...martNames])
      expect(checks.map((c) => c.name)).toContain(`unique_${name}`);
    for (const c of checks) expect(c.description).toMatch(/[\u4e00-\u9fff]/);
    expect(checks.find((c) => c.name === "order_amounts")?.severity).toBe("error");
    expect(checks.find((c) => c.name === "product_code_shapes")?.severity).toBe("warning");
  });

  it("passes on consistent data and stores the outcome for the site", async () => {
    const results = await runChecks(fixture.warehouse.conn);
    expect(results.filter((r) => !r.passed && r.severity === "error")).toEqual([]);
    expect(checksPassed(results)).toBe(true);
    const stored = await rows(
      fixture.warehouse.conn,
      "select count(*)::integer as n, bool_and(run_at is not null) as t from check_results"
    );
    expect(stored).toEqual([{n: results.length, t: true}]);
  });

  it("after a load, keeps the stored result of a check whose inputs did not change and reruns the others", async () => {
    const conn = fixture.warehouse.conn;
    await runChecks(conn);
    // A mart edited behind the models' back: running the checks sees it; reusing keeps the stored result, since
    // nothing the mart was built from changed (this is why `jicai check` always runs every check).
    await conn.run("update savings set fund_savings_agreed = fund_savings_agreed + 1");
    expect((await runChecks(conn, {store: false})).find((r) => r.name === "savings_split")!.passed).toBe(false);
    const reused = await runChecks(conn, {reuse: true});
    expect(reused.find((r) => r.name === "savings_split")!.passed).toBe(true);
    // A new order line changes the order lines' row counts: the order checks run again and see it.
    await insertRows(conn, "raw_orders", [
      {
        order_id: "O9",
        line_no: 1,
        hospital_code: "H1",
        generic_name: "氨氯地平",
        dosage_form: "片剂",
        spec: "5mg",
        pack: "7片/盒",
        enterprise: "江川制药",
        qty: 10,
        qty_unit: "盒",
        unit_price: 0.7,
        amount: 9,
        order_date: "2024-03-17"
      }
    ]);
    const rerun = await runChecks(conn, {reuse: true});
    expect(rerun.find((r) => r.name === "order_amounts")).toMatchObject({passed: false, rowsFailing: 1});
    await conn.run("delete from raw_orders where order_id = 'O9'");
    await refreshModels(conn, {full: true});
    expect(checksPassed(await runChecks(conn))).toBe(true);
  });

  it("fails when an amount is not qty × price and names the line in a Chinese report", async () => {
    const conn = fixture.warehouse.conn;
    await insertRows(conn, "raw_orders", [
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
        amount: 70.02,
        order_date: "2024-03-16"
      }
    ]);
    await refreshModels(conn);
    const results = await runChecks(conn);
    const amounts = results.find((r) => r.name === "order_amounts")!;
    expect(amounts).toMatchObject({passed: false, rowsFailing: 1});
    expect(amounts.sample[0]).toMatchObject({order_id: "O2", difference: "0.020000"});
    expect(checksPassed(results)).toBe(false);
    const report = formatCheckReport(results);
    expect(report).toMatch(/\[失败\] order_amounts：订单金额等于采购数量 × 采购单价.*1 行不符/);
    expect(report).toMatch(/order_id=O2/);
    expect(report).toMatch(/项失败/);
    const [stored] = await rows(
      conn,
      "select passed, rows_failing, sample from check_results where check_name = 'order_amounts'"
    );
    expect(stored).toMatchObject({passed: false, rows_failing: 1});
    expect(JSON.parse(String(stored!.sample))[0].order_id).toBe("O2");
  });

  it("compares the amount with qty × price rounded to 6 places, also within a millionth of 0.01 元", async () => {
    const conn = fixture.warehouse.conn;
    const line = {
      hospital_code: "H1",
      generic_name: "氨氯地平",
      qty: 0.5,
      qty_unit: "片",
      amount: 0,
      order_date: "2024-03-16"
    };
    // 0.5 × 0.020001 = 0.0100005 rounds to 0.010001: off by more than 0.01. 0.5 × 0.019999 = 0.0099995 rounds
    // to 0.010000: within it.
    await insertRows(conn, "raw_orders", [
      {...line, order_id: "B1", line_no: 1, unit_price: 0.020001},
      {...line, order_id: "B2", line_no: 1, unit_price: 0.019999}
    ]);
    try {
      const amounts = (await runChecks(conn, {store: false})).find((r) => r.name === "order_amounts")!;
      expect(amounts.rowsFailing).toBe(2);
      expect(amounts.sample.map((r) => [r.order_id, r.difference]).sort()).toEqual([
        ["B1", "-0.010001"],
        ["O2", "0.020000"]
      ]);
    } finally {
      await conn.run("delete from raw_orders where order_id in ('B1', 'B2')");
    }
  });

  it("detects a mart that no longer reconciles with its inputs", async () => {
    const conn = fixture.warehouse.conn;
    await conn.run("delete from raw_orders where order_id = 'O2'");
    await refreshModels(conn);
    await conn.run("update savings set fund_savings_agreed = fund_savings_agreed + 1");
    await conn.run("delete from retention_statement");
    const failing = (await runChecks(conn, {store: false})).filter((r) => !r.passed).map((r) => r.name);
    expect(failing).toEqual(expect.arrayContaining(["savings_split", "retention_covers_agreed_volumes"]));
    await refreshModels(conn);
  });

  it("reports a check that cannot run as a failure", async () => {
    const conn = fixture.warehouse.conn;
    await conn.run("drop table payment_timeliness");
    const payment = (await runChecks(conn, {store: false})).find((r) => r.name === "payment_reconcile")!;
    expect(payment.passed).toBe(false);
    expect(payment.error).toMatch(/payment_timeliness/);
    await refreshModels(conn);
  });
});

describe("poisoned conversion ratios", () => {
  it("parses the pack text the old rule multiplied 100×, and fails check on a file's ratio the pack text contradicts", async () => {
    const fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    try {
      const listing = {province: "江川省", dosage_form: "丸剂", enterprise: "江川制药", listed_price: 40};
      await insertRows(conn, "raw_listing_prices", [
        // The pack texts of the issue: the old rule read 8000 and 576000 and passed every check.
        {...listing, generic_name: "麝香丸", spec: "3g", pack: "每100丸重3g;人工麝香×80丸/盒"},
        {...listing, generic_name: "六味丸", spec: "0.5g", pack: "每10丸重0.5g*240丸/盒*240丸/盒"}
      ]);
      await refreshModels(conn);
      const check = async () => (await runChecks(conn)).find((c) => c.name === "conversion_ratio_matches_pack")!;
      expect(await rows(conn, "select generic_name, conversion_ratio from stg_listing_prices order by 1")).toEqual([
        {generic_name: "六味丸", conversion_ratio: "240.000000"},
        {generic_name: "麝香丸", conversion_ratio: "80.000000"}
      ]);
      expect(await check()).toMatchObject({passed: true});

      // A file whose own 转换比 column says 8000: it wins over the text, and check fails naming it.
      // (changed in place, not by a load, which the incremental models would not see: a full rebuild)
      await conn.run("update raw_listing_prices set conversion_ratio = 8000 where generic_name = '麝香丸'");
      await refreshModels(conn, {full: true});
      expect(await check()).toMatchObject({
        passed: false,
        severity: "error",
        sample: [{generic_name: "麝香丸", conversion_ratio: "8000.000000", pack_count: "80.000000"}]
      });
      expect(await rows(conn, "select column_name, reason from data_quality_notes")).toEqual([
        {column_name: "conversion_ratio", reason: "文件中的转换比与包装文字中的数量相差超过 10 倍"}
      ]);
    } finally {
      fixture.cleanup();
    }
  });
});

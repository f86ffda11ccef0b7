import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {insertRows, policyDirWith, rows, tempWarehouse} from "./warehouse-fixture.js";

/**
 * The worked example of docs/rules.md §8: agreed 1,000,000 tablets, pre-VBP 0.50 元/片, r 0.70, s 0.90
 * → budget 315,000; spend within the agreed volume 80,000 → balance 235,000; grade B (75 points) → 40%
 * → 94,000 元. Here the hospital bought 1,260,000 tablets of the variety for 160,000 元 (1,100,000 selected
 * at 0.10 and 160,000 non-selected at 0.3125), so the purchases beyond the agreed quantity are excluded pro
 * rata: 160,000 × 1,000,000 / 1,260,000 × 0.7 × 0.9 = 80,000.
 */
describe("retention_statement", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;

  beforeAll(async () => {
    fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    await insertRows(conn, "raw_hospitals", [
      {hospital_code: "H1", name: "华阳市第一人民医院", level: "三级", kind: "医院", mi_pay_ratio: 0.7},
      {hospital_code: "H2", name: "华阳市第二人民医院", level: "三级", kind: "医院", mi_pay_ratio: 0.5},
      {hospital_code: "H3", name: "华阳市中医医院", level: "二级", kind: "医院", mi_pay_ratio: 0.5},
      {hospital_code: "H4", name: "华阳市妇幼保健院", level: "二级", kind: "医院", mi_pay_ratio: 0.5}
    ]);
    await insertRows(conn, "raw_batches", [
      {
        batch_id: "GJ9",
        name: "第九批国家组织药品集采",
        level: "国家",
        category: "药品",
        exec_start: "2024-01-01",
        cycle_end: "2026-12-31"
      }
    ]);
    // batch results name the batch, agreed volumes and payouts use its id or name: both must resolve
    await insertRows(conn, "raw_batch_results", [
      {
        batch: "第九批国家组织药品集采",
        generic_name: "瑞舒伐他汀钙",
        dosage_form: "片剂",
        spec: "10mg",
        pack: "10片/盒",
        conversion_ratio: 10,
        enterprise: "江川制药",
        selected: true,
        price_per_pack: 1.0,
        pre_vbp_price_unit: 0.5,
        ceiling_price_unit: 0.8
      },
      {
        batch: "第九批国家组织药品集采",
        generic_name: "瑞舒伐他汀钙",
        dosage_form: "片剂",
        spec: "10mg",
        pack: "10片/盒",
        conversion_ratio: 10,
        enterprise: "华阳药业",
        selected: false,
        price_per_pack: 3.5,
        ceiling_price_unit: 0.8
      }
    ]);
    await insertRows(conn, "raw_agreed_volumes", [
      {
        batch: "GJ9",
        hospital_code: "H1",
        generic_name: "瑞舒伐他汀钙",
        dosage_form: "片剂",
        spec: "10mg",
        enterprise: "江川制药",
        year_index: 1,
        agreed_qty: 1000000,
        unit: "片"
      },
      {
        batch: "GJ9",
        hospital_code: "H2",
        generic_name: "瑞舒伐他汀钙",
        dosage_form: "片剂",
        spec: "10mg",
        enterprise: "江川制药",
        year_index: 1,
        agreed_qty: 100000,
        unit: "片"
      },
      {
        batch: "GJ9",
        hospital_code: "H3",
        generic_name: "瑞舒伐他汀钙",
        dosage_form: "片剂",
        spec: "10mg",
        enterprise: "江川制药",
        year_index: 1,
        agreed_qty: 100000,
        unit: "片"
      },
      // H4 reports in boxes: 10,000 盒 × 10 = 100,000 tablets
      {
        batch: "第九批国家组织药品集采",
        hospital_code: "H4",
        generic_name: "瑞舒伐他汀钙",
        dosage_form: "片剂",
        spec: "10mg",
        enterprise: "江川制药",
        year_index: 1,
        agreed_qty: 10000,
        unit: "盒"
      }
    ]);
    const order = (
      id: string,
      hospital: string,
      enterprise: string,
      qty: number,
      unit: string,
      price: number,
      amount: number
    ) => ({
      order_id: id,
      line_no: 1,
      hospital_code: hospital,
      generic_name: "瑞舒伐他汀钙",
      dosage_form: "片剂",
      spec: "10mg",
      pack: "10片/盒",
      conversion_ratio: 10,
      enterprise,
      qty,
      qty_unit: unit,
      unit_price: price,
      amount,
      order_date: "2024-06-01",
      received_date: "2024-06-03",
      paid_date: "2024-06-20",
      channel: "带量"
    });
    await insertRows(conn, "raw_orders", [
      order("O1", "H1", "江川制药", 110000, "盒", 1.0, 110000),
      order("O2", "H1", "华阳药业", 160000, "片", 0.3125, 50000),
      // H2..H4 each buy 50,000 selected tablets for 5,000 元 → spend 2,500, balance 22,500, retained 11,250
      order("O3", "H2", "江川制药", 5000, "盒", 1.0, 5000),
      order("O4", "H3", "江川制药", 5000, "盒", 1.0, 5000),
      order("O5", "H4", "江川制药", 5000, "盒", 1.0, 5000),
      // after the as-of date: ignored
      {...order("O6", "H1", "江川制药", 1000, "盒", 1.0, 1000), order_date: "2025-01-02"}
    ]);
    await insertRows(conn, "raw_surplus_returns", [
      {
        hospital_code: "H1",
        batch: "第九批国家组织药品集采",
        period: "第1年",
        assessment_score: 75,
        paid_amount: 94000,
        paid_date: "2025-03-01"
      },
      // calendar-year label of the cycle year that starts 2024-01-01
      {
        hospital_code: "H2",
        batch: "GJ9",
        period: "2024",
        assessment_score: 85,
        paid_amount: 11000,
        paid_date: "2025-03-01"
      },
      {
        hospital_code: "H3",
        batch: "GJ9",
        period: "1",
        assessment_score: 85,
        paid_amount: 11250.01,
        paid_date: "2025-03-01"
      }
      // H4: no payout record
    ]);
  });

  afterAll(() => fixture.cleanup());

  it("reproduces the worked example under the graded policy with s = 0.9", async () => {
    const policyDir = policyDirWith(fixture.dir, "graded-2024.json", {retention: {insured_share: 0.9}});
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-12-31", policyDir, policy: "graded"});
    const [h1] = await rows(fixture.warehouse.conn, "select * from retention_statement where hospital_code = 'H1'");
    expect(h1).toMatchObject({
      batch_id: "GJ9",
      period: "第1年",
      period_start: "2024-01-01",
      period_end: "2024-12-31",
      agreed_qty: "1000000.000000",
      pre_vbp_price: "0.500000",
      mi_pay_ratio: "0.700000",
      insured_share: "0.900000",
      purchased_qty: "1260000.000000",
      purchased_amount: "160000.00",
      budget: "315000.00",
      spend: "80000.00",
      balance: "235000.00",
      assessment_score: "75.000000",
      grade: "B",
      rate: "0.400000",
      retained: "94000.00",
      paid_amount: "94000.00",
      difference: "0.00",
      status: "matched"
    });
    const [line] = await rows(
      fixture.warehouse.conn,
      "select * from retention_statement_lines where hospital_code = 'H1'"
    );
    expect(line).toMatchObject({
      spend_factor: "0.793651",
      budget: "315000.0000",
      spend: "80000.0000",
      budget_less_spend: "235000.0000"
    });
  });

  it("grades by score: 85 is A (50%), and the graded rates drive retained amounts", async () => {
    const statement = await rows(
      fixture.warehouse.conn,
      "select hospital_code, grade, rate, retained from retention_statement where hospital_code in ('H2', 'H3') order by 1"
    );
    // budget 100,000 × 0.5 × 0.5 × 0.9 = 22,500; spend 5,000 × 0.5 × 0.9 = 2,250; balance 20,250 × 50%
    expect(statement).toEqual([
      {hospital_code: "H2", grade: "A", rate: "0.500000", retained: "10125.00"},
      {hospital_code: "H3", grade: "A", rate: "0.500000", retained: "10125.00"}
    ]);
  });

  it("applies the flat 50% default, rounds half up to the fen and compares with the payouts", async () => {
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-12-31"});
    const statement = await rows(
      fixture.warehouse.conn,
      `select hospital_code, budget, spend, balance, rate, retained, paid_amount, difference, status
       from retention_statement order by hospital_code`
    );
    // H1: budget 1,000,000 × 0.5 × 0.7 = 350,000; spend 160,000 × 1,000,000/1,260,000 × 0.7 = 88,888.888…;
    // balance 261,111.111…; × 50% = 130,555.555… → 130,555.56
    expect(statement).toEqual([
      {
        hospital_code: "H1",
        budget: "350000.00",
        spend: "88888.89",
        balance: "261111.11",
        rate: "0.500000",
        retained: "130555.56",
        paid_amount: "94000.00",
        difference: "-36555.56",
        status: "underpaid"
      },
      // H2..H4: budget 100,000 × 0.5 × 0.5 = 25,000; spend 5,000 × 0.5 = 2,500; retained 22,500 × 50% = 11,250
      {
        hospital_code: "H2",
        budget: "25000.00",
        spend: "2500.00",
        balance: "22500.00",
        rate: "0.500000",
        retained: "11250.00",
        paid_amount: "11000.00",
        difference: "-250.00",
        status: "underpaid"
      },
      {
        hospital_code: "H3",
        budget: "25000.00",
        spend: "2500.00",
        balance: "22500.00",
        rate: "0.500000",
        retained: "11250.00",
        paid_amount: "11250.01",
        difference: "0.01",
        status: "matched"
      },
      {
        hospital_code: "H4",
        budget: "25000.00",
        spend: "2500.00",
        balance: "22500.00",
        rate: "0.500000",
        retained: "11250.00",
        paid_amount: null,
        difference: null,
        status: "not_paid"
      }
    ]);
  });

  it("retains nothing when the policy requires completion and the agreed volume was not reached", async () => {
    const policyDir = policyDirWith(fixture.dir, "default-2019.json", {retention: {require_completion: true}});
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-12-31", policyDir});
    const statement = await rows(
      fixture.warehouse.conn,
      "select hospital_code, is_completed, retained, status from retention_statement order by hospital_code"
    );
    expect(statement.map((r) => [r.hospital_code, r.is_completed, r.retained])).toEqual([
      ["H1", true, "130555.56"],
      ["H2", false, "0.00"],
      ["H3", false, "0.00"],
      ["H4", false, "0.00"]
    ]);
    expect(statement.find((r) => r.hospital_code === "H3")?.status).toBe("overpaid");
  });

  it("reports a period that has not ended and has no payout as in progress", async () => {
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-06-30"});
    const [h4] = await rows(
      fixture.warehouse.conn,
      "select is_period_complete, status from retention_statement where hospital_code = 'H4'"
    );
    expect(h4).toEqual({is_period_complete: false, status: "in_progress"});
  });

  it("lists a payout with no computed statement as overpaid", async () => {
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-12-31"});
    await insertRows(fixture.warehouse.conn, "raw_surplus_returns", [
      {hospital_code: "H9", batch: "GJ9", period: "第1年", paid_amount: 500, paid_date: "2025-03-01"}
    ]);
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-12-31"});
    const [orphan] = await rows(fixture.warehouse.conn, "select * from retention_statement where hospital_code = 'H9'");
    expect(orphan).toMatchObject({
      batch_id: "GJ9",
      period: "第1年",
      retained: null,
      paid_amount: "500.00",
      status: "overpaid"
    });
  });
});

import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {insertRows, num, rows, tempWarehouse, type Row} from "./warehouse-fixture.js";

const bid = (generic: string, form: string, spec: string, enterprise: string, extra: Row): Row => ({
  batch: "第十批国家组织药品集采",
  generic_name: generic,
  dosage_form: form,
  spec,
  pack: "10片/盒",
  conversion_ratio: 10,
  enterprise,
  selected: true,
  ...extra
});

const order = (
  id: string,
  hospital: string,
  spec: string,
  enterprise: string,
  qty: number,
  unit: string,
  price: number
): Row => ({
  order_id: id,
  line_no: 1,
  hospital_code: hospital,
  generic_name: "甲钴胺",
  dosage_form: "片剂",
  spec,
  pack: "10片/盒",
  conversion_ratio: 10,
  enterprise,
  qty,
  qty_unit: unit,
  unit_price: price,
  amount: Math.round(qty * price * 100) / 100,
  order_date: "2024-03-01",
  received_date: "2024-03-02",
  paid_date: "2024-03-20",
  channel: "带量"
});

/**
 * Batch with two varieties: 甲钴胺 片剂 (selected P1 at 0.20 and P2 at 0.30 per tablet, non-selected P3) and
 * 依诺肝素 注射剂 (selected Q1 at 4.00 per vial).
 */
describe("savings and batch_summary", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;

  beforeAll(async () => {
    fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    await insertRows(conn, "raw_hospitals", [
      {hospital_code: "H1", name: "华阳市第一人民医院", level: "三级", kind: "医院", mi_pay_ratio: 0.7},
      {hospital_code: "H2", name: "华阳市第二人民医院", level: "二级", kind: "医院", mi_pay_ratio: 0.6}
    ]);
    await insertRows(conn, "raw_batches", [
      {
        batch_id: "GJ10",
        name: "第十批国家组织药品集采",
        level: "国家",
        category: "药品",
        exec_start: "2024-01-01",
        cycle_end: "2025-12-31"
      }
    ]);
    await insertRows(conn, "raw_batch_results", [
      // P1: 2.00 a box of 10 → 0.20/片; cuts: vs ceiling 1 − 0.2/0.5 = 60%, vs pre-VBP 1 − 0.2/0.4 = 50%
      bid("甲钴胺", "片剂", "0.5mg", "江川制药", {
        price_per_pack: 2.0,
        ceiling_price_unit: 0.5,
        pre_vbp_price_unit: 0.4
      }),
      // P2: no pre-VBP price → savings base is the ceiling; cut vs ceiling 40%
      bid("甲钴胺", "片剂", "0.5mg", "华阳药业", {price_per_unit: 0.3, ceiling_price_unit: 0.5}),
      bid("甲钴胺", "片剂", "0.5mg", "青山药业", {selected: false, price_per_unit: 0.45, ceiling_price_unit: 0.5}),
      // Q1: cut vs ceiling 60%, vs pre-VBP 50%
      {
        batch: "GJ10",
        generic_name: "依诺肝素钠",
        dosage_form: "注射剂",
        spec: "0.4ml:4000IU",
        pack: "1支/盒",
        enterprise: "临江生物",
        selected: true,
        price_per_unit: 4.0,
        ceiling_price_unit: 10.0,
        pre_vbp_price_unit: 8.0
      }
    ]);
    await insertRows(conn, "raw_agreed_volumes", [
      {
        batch: "GJ10",
        hospital_code: "H1",
        generic_name: "甲钴胺",
        dosage_form: "片剂",
        spec: "0.5mg",
        enterprise: "江川制药",
        year_index: 1,
        agreed_qty: 100000,
        unit: "片"
      },
      {
        batch: "GJ10",
        hospital_code: "H1",
        generic_name: "依诺肝素钠",
        dosage_form: "注射剂",
        spec: "0.4ml:4000IU",
        enterprise: "临江生物",
        year_index: 1,
        agreed_qty: 1000,
        unit: "支"
      },
      {
        batch: "GJ10",
        hospital_code: "H2",
        generic_name: "甲钴胺",
        dosage_form: "片剂",
        spec: "0.5mg",
        enterprise: "华阳药业",
        year_index: 1,
        agreed_qty: 5000,
        unit: "盒"
      }
    ]);
    await insertRows(conn, "raw_orders", [
      order("O1", "H1", "0.5mg", "江川制药", 5000, "盒", 2.0), // 50,000 tablets for 10,000
      order("O2", "H1", "0.5mg", "青山药业", 1000, "盒", 4.5), // non-selected: no savings
      order("O3", "H2", "0.5mg", "华阳药业", 15000, "片", 0.3) // 15,000 tablets for 4,500
    ]);
    await refreshModels(conn, {asOf: "2024-12-31"});
  });

  afterAll(() => fixture.cleanup());

  it("computes savings on agreed volumes with the base kind, split fund / patient by mi_pay_ratio", async () => {
    const savings = await rows(
      fixture.warehouse.conn,
      `select hospital_code, enterprise, base_kind, base_price_unit, win_price_unit, agreed_qty, savings_agreed,
              fund_savings_agreed, patient_savings_agreed
       from savings where agreed_qty > 0 order by hospital_code, savings_agreed desc`
    );
    expect(savings).toEqual([
      // (0.40 − 0.20) × 100,000 = 20,000; fund 70%
      {
        hospital_code: "H1",
        enterprise: "江川制药",
        base_kind: "pre_vbp",
        base_price_unit: "0.400000",
        win_price_unit: "0.200000",
        agreed_qty: "100000.000000",
        savings_agreed: "20000.0000",
        fund_savings_agreed: "14000.0000",
        patient_savings_agreed: "6000.0000"
      },
      // (8 − 4) × 1,000 = 4,000
      {
        hospital_code: "H1",
        enterprise: "临江生物",
        base_kind: "pre_vbp",
        base_price_unit: "8.000000",
        win_price_unit: "4.000000",
        agreed_qty: "1000.000000",
        savings_agreed: "4000.0000",
        fund_savings_agreed: "2800.0000",
        patient_savings_agreed: "1200.0000"
      },
      // 5,000 盒 × 10 = 50,000 tablets; (0.50 ceiling − 0.30) × 50,000 = 10,000; fund 60%
      {
        hospital_code: "H2",
        enterprise: "华阳药业",
        base_kind: "ceiling",
        base_price_unit: "0.500000",
        win_price_unit: "0.300000",
        agreed_qty: "50000.000000",
        savings_agreed: "10000.0000",
        fund_savings_agreed: "6000.0000",
        patient_savings_agreed: "4000.0000"
      }
    ]);
  });

  it("computes savings on actual purchases of selected products only", async () => {
    const savings = await rows(
      fixture.warehouse.conn,
      `select hospital_code, purchased_qty, purchased_amount, savings_actual, fund_savings_actual, patient_savings_actual
       from savings where purchased_qty > 0 order by hospital_code`
    );
    expect(savings).toEqual([
      // 0.40 × 50,000 − 10,000 = 10,000
      {
        hospital_code: "H1",
        purchased_qty: "50000.000000",
        purchased_amount: "10000.000000",
        savings_actual: "10000.0000",
        fund_savings_actual: "7000.0000",
        patient_savings_actual: "3000.0000"
      },
      // 0.50 × 15,000 − 4,500 = 3,000
      {
        hospital_code: "H2",
        purchased_qty: "15000.000000",
        purchased_amount: "4500.000000",
        savings_actual: "3000.0000",
        fund_savings_actual: "1800.0000",
        patient_savings_actual: "1200.0000"
      }
    ]);
  });

  it("splits actual savings per hospital and month, and savings_monthly is their sum", async () => {
    const hospitalMonths = await rows(
      fixture.warehouse.conn,
      `select hospital_code, hospital_level, month_label, purchased_amount, purchased_base_amount, savings_actual,
              fund_savings_actual, patient_savings_actual
       from savings_hospital_monthly order by hospital_code, month`
    );
    expect(hospitalMonths).toEqual([
      // 0.40 × 50,000 = 20,000 at the base price, bought for 10,000; fund 70%
      {
        hospital_code: "H1",
        hospital_level: "三级",
        month_label: "2024-03",
        purchased_amount: "10000.00",
        purchased_base_amount: "20000.00",
        savings_actual: "10000.0000",
        fund_savings_actual: "7000.0000",
        patient_savings_actual: "3000.0000"
      },
      // 0.50 (ceiling) × 15,000 = 7,500, bought for 4,500; fund 60%
      {
        hospital_code: "H2",
        hospital_level: "二级",
        month_label: "2024-03",
        purchased_amount: "4500.00",
        purchased_base_amount: "7500.00",
        savings_actual: "3000.0000",
        fund_savings_actual: "1800.0000",
        patient_savings_actual: "1200.0000"
      }
    ]);
    const monthly = await rows(
      fixture.warehouse.conn,
      "select month_label, hospitals, purchased_base_amount, savings_actual, fund_savings_actual, patient_savings_actual from savings_monthly"
    );
    expect(monthly).toEqual([
      {
        month_label: "2024-03",
        hospitals: 2,
        purchased_base_amount: "27500.00",
        savings_actual: "13000.0000",
        fund_savings_actual: "8800.0000",
        patient_savings_actual: "4200.0000"
      }
    ]);
  });

  it("summarises the batch: counts, price cuts per base kind three ways, and savings totals", async () => {
    const [summary] = await rows(fixture.warehouse.conn, "select * from batch_summary");
    expect(summary).toMatchObject({
      batch_id: "GJ10",
      varieties: 2,
      selected_products: 3,
      bid_products: 4,
      selected_enterprises: 3,
      // ceiling: (60% + 40% + 60%) / 3; varieties: mean(50%, 60%); weighted: 1 − 39,000 / 85,000
      reduction_ceiling_simple: "0.533333",
      reduction_ceiling_by_variety: "0.550000",
      reduction_ceiling_weighted: "0.541176",
      products_with_ceiling: 3,
      // pre-VBP known for P1 and Q1: 50% each; weighted 1 − (20,000 + 4,000) / (40,000 + 8,000)
      reduction_pre_vbp_simple: "0.500000",
      reduction_pre_vbp_by_variety: "0.500000",
      reduction_pre_vbp_weighted: "0.500000",
      products_with_pre_vbp: 2,
      reduction_local_simple: null,
      savings_agreed: "34000.00",
      fund_savings_agreed: "22800.00",
      patient_savings_agreed: "11200.00",
      purchased_selected_amount: "14500.00",
      savings_actual: "13000.00",
      fund_savings_actual: "8800.00",
      patient_savings_actual: "4200.00",
      hospitals_with_agreed_volume: 2
    });
  });

  it("stores each product's cut with its base and matches a spreadsheet mean to 0.1 percentage point", async () => {
    const products = await rows(fixture.warehouse.conn, "select * from batch_products where is_selected");
    const spreadsheet = products.map((p) => 1 - num(p.bid_price_unit) / num(p.ceiling_price_unit));
    const mean = spreadsheet.reduce((a, b) => a + b, 0) / spreadsheet.length;
    const [summary] = await rows(fixture.warehouse.conn, "select reduction_ceiling_simple from batch_summary");
    expect(Math.abs(num(summary!.reduction_ceiling_simple) - mean)).toBeLessThan(0.001);
    const p1 = products.find((p) => p.enterprise === "江川制药");
    expect(p1).toMatchObject({
      reduction_vs_ceiling: "0.600000",
      reduction_vs_pre_vbp: "0.500000",
      base_kind: "pre_vbp"
    });
  });

  it("derives the local historical price from orders in the year before execution", async () => {
    await insertRows(fixture.warehouse.conn, "raw_orders", [
      {...order("P1", "H1", "0.5mg", "江川制药", 1000, "盒", 5.0), order_date: "2023-06-01"},
      {...order("P2", "H2", "0.5mg", "青山药业", 10000, "片", 0.4), order_date: "2023-09-01"},
      {...order("P3", "H2", "0.5mg", "青山药业", 10000, "片", 0.9), order_date: "2022-09-01"} // two years before: ignored
    ]);
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-12-31"});
    // (5,000 + 4,000) / (10,000 + 10,000) = 0.45; P1 cut vs local 1 − 0.2/0.45 = 55.56%
    const [p1] = await rows(fixture.warehouse.conn, "select * from batch_products where enterprise = '江川制药'");
    expect(p1).toMatchObject({local_price_unit: "0.450000", reduction_vs_local: "0.555556"});
    const [summary] = await rows(fixture.warehouse.conn, "select products_with_local from batch_summary");
    expect(summary!.products_with_local).toBe(2);
  });
});

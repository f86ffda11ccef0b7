import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {insertRows, rows, tempWarehouse, type Row} from "./warehouse-fixture.js";

const line = (id: string, hospital: string, extra: Row): Row => ({
  order_id: id,
  line_no: 1,
  hospital_code: hospital,
  generic_name: "头孢呋辛酯",
  dosage_form: "片剂",
  spec: "0.25g",
  pack: "12片/盒",
  conversion_ratio: 12,
  enterprise: "江川制药",
  qty: 10,
  qty_unit: "盒",
  unit_price: 10,
  amount: 100,
  order_date: "2024-01-03",
  channel: "挂网",
  ...extra
});

describe("nrdl_monitor and payment_timeliness", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;

  beforeAll(async () => {
    fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    await insertRows(conn, "raw_hospitals", [
      {hospital_code: "H1", name: "华阳市第一人民医院", level: "三级", kind: "医院", mi_pay_ratio: 0.7},
      {hospital_code: "H2", name: "华阳市中心医院", level: "三级", kind: "医院", mi_pay_ratio: 0.7},
      {hospital_code: "H3", name: "华阳市第二人民医院", level: "二级", kind: "医院", mi_pay_ratio: 0.6},
      {hospital_code: "Y1", name: "华阳大药房", level: "未定级", kind: "药店", mi_pay_ratio: 0.5}
    ]);
    await insertRows(conn, "raw_nrdl", [
      {
        nrdl_year: 2023,
        drug_code: "XL01XC999A001010100001",
        drug_name: "帕博利珠单抗",
        dosage_form: "注射剂",
        payment_standard: 50,
        standard_unit: "100mg/支",
        agreement_start: "2024-01-01",
        agreement_end: "2025-12-31",
        dual_channel: true
      },
      {
        nrdl_year: 2022,
        drug_name: "司美格鲁肽",
        dosage_form: "注射剂",
        payment_standard: 300,
        standard_unit: "1.34mg/ml 3ml/支",
        agreement_start: "2023-01-01",
        agreement_end: "2025-02-15"
      },
      {
        nrdl_year: 2021,
        drug_name: "达格列净",
        dosage_form: "片剂",
        payment_standard: 3,
        standard_unit: "10mg/片",
        agreement_start: "2022-01-01",
        agreement_end: "2024-06-30"
      }
    ]);
    const nrdlOrder = (id: string, hospital: string, qty: number, price: number): Row => ({
      order_id: id,
      line_no: 1,
      hospital_code: hospital,
      product_code: "XL01XC999A001010100001",
      generic_name: "帕博利珠单抗",
      dosage_form: "注射剂",
      spec: "100mg",
      pack: "1支/盒",
      conversion_ratio: 1,
      enterprise: "默沙东",
      qty,
      qty_unit: "支",
      unit_price: price,
      amount: qty * price,
      order_date: "2024-03-01",
      received_date: "2024-03-02",
      paid_date: "2024-03-10",
      channel: "挂网"
    });
    await insertRows(conn, "raw_orders", [
      nrdlOrder("N1", "H1", 10, 50),
      nrdlOrder("N2", "H3", 5, 52), // 2 above the standard on 5 vials
      nrdlOrder("N3", "Y1", 5, 55), // pharmacies are not target institutions
      // H1, January 2024: paid in 30 days (on time), in 41 days (late), never (overdue), and an offline purchase
      line("P1", "H1", {received_date: "2024-01-05", paid_date: "2024-02-04", amount: 100}),
      line("P2", "H1", {received_date: "2024-01-10", paid_date: "2024-02-20", qty: 20, amount: 200}),
      line("P3", "H1", {received_date: "2024-01-20", paid_date: null, qty: 30, amount: 300}),
      line("P4", "H1", {received_date: "2024-01-25", paid_date: "2024-01-30", qty: 40, amount: 400, channel: "线下"}),
      // received close to the as-of date and not yet due
      line("P5", "H1", {order_date: "2024-12-20", received_date: "2024-12-20", paid_date: null})
    ]);
    await refreshModels(conn, {asOf: "2024-12-31"});
  });

  afterAll(() => fixture.cleanup());

  it("reports agreement status and the expiry warning", async () => {
    const status = await rows(
      fixture.warehouse.conn,
      `select drug_name, is_active, days_to_expiry, is_expiring_soon from nrdl_monitor
       where hospital_level = '全部' order by nrdl_year desc`
    );
    expect(status).toEqual([
      {drug_name: "帕博利珠单抗", is_active: true, days_to_expiry: 365, is_expiring_soon: false},
      {drug_name: "司美格鲁肽", is_active: true, days_to_expiry: 46, is_expiring_soon: true},
      {drug_name: "达格列净", is_active: false, days_to_expiry: -184, is_expiring_soon: false}
    ]);
  });

  it("measures landing by hospital level and purchases above the payment standard", async () => {
    const landing = await rows(
      fixture.warehouse.conn,
      `select hospital_level, target_hospitals, hospitals_purchasing, landing_rate, lines_above_standard, amount_above_standard
       from nrdl_monitor where drug_name = '帕博利珠单抗' order by target_hospitals desc, hospital_level`
    );
    expect(landing).toEqual([
      {
        hospital_level: "全部",
        target_hospitals: 3,
        hospitals_purchasing: 2,
        landing_rate: "0.666667",
        lines_above_standard: 1,
        amount_above_standard: "10.00"
      },
      {
        hospital_level: "三级",
        target_hospitals: 2,
        hospitals_purchasing: 1,
        landing_rate: "0.500000",
        lines_above_standard: 0,
        amount_above_standard: "0.00"
      },
      {
        hospital_level: "二级",
        target_hospitals: 1,
        hospitals_purchasing: 1,
        landing_rate: "1.000000",
        lines_above_standard: 1,
        amount_above_standard: "10.00"
      }
    ]);
  });

  it("counts per target institution the negotiated drugs in agreement it bought (pharmacies are not targets)", async () => {
    const uptake = await rows(
      fixture.warehouse.conn,
      "select hospital_code, hospital_level, active_drugs_bought, buys_nrdl, purchased_amount from nrdl_hospital_uptake order by hospital_code"
    );
    expect(uptake).toEqual([
      {
        hospital_code: "H1",
        hospital_level: "三级",
        active_drugs_bought: 1,
        buys_nrdl: true,
        purchased_amount: "500.00"
      },
      {hospital_code: "H2", hospital_level: "三级", active_drugs_bought: 0, buys_nrdl: false, purchased_amount: "0.00"},
      {hospital_code: "H3", hospital_level: "二级", active_drugs_bought: 1, buys_nrdl: true, purchased_amount: "260.00"}
    ]);
  });

  it("counts on-time, late and overdue payments per hospital and month, and the online rate", async () => {
    const [january] = await rows(
      fixture.warehouse.conn,
      "select * from payment_timeliness where hospital_code = 'H1' and month_label = '2024-01'"
    );
    expect(january).toMatchObject({
      on_time_days: 30,
      lines: 4,
      amount: "1000.00",
      due_lines: 4,
      on_time_lines: 2,
      late_lines: 1,
      overdue_unpaid_lines: 1,
      due_amount: "1000.00",
      on_time_amount: "500.00",
      late_amount: "500.00",
      on_time_share: "0.500000",
      avg_days_to_pay: "25.33",
      max_days_to_pay: 41,
      platform_amount: "600.00",
      offline_amount: "400.00",
      online_rate: "0.600000"
    });
    const [december] = await rows(
      fixture.warehouse.conn,
      "select due_lines, overdue_unpaid_lines, on_time_share from payment_timeliness where month_label = '2024-12'"
    );
    expect(december).toEqual({due_lines: 0, overdue_unpaid_lines: 0, on_time_share: null});
  });
});

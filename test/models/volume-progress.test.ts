import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {insertRows, policyDirWith, rows, tempWarehouse, type Row} from "./warehouse-fixture.js";

const order = (
  id: string,
  hospital: string,
  spec: string,
  enterprise: string,
  tablets: number,
  price: number,
  date = "2024-05-01"
): Row => ({
  order_id: id,
  line_no: 1,
  hospital_code: hospital,
  generic_name: "阿托伐他汀钙",
  dosage_form: "片剂",
  spec,
  pack: "10片/盒",
  conversion_ratio: 10,
  enterprise,
  qty: tablets,
  qty_unit: "片",
  unit_price: price,
  amount: Math.round(tablets * price * 100) / 100,
  order_date: date,
  received_date: date,
  paid_date: date,
  channel: "带量"
});

/**
 * Cycle year 1 of a batch executed 2024-01-01 is 2024 (366 days); on 2024-07-01 183 days have passed, so the
 * elapsed share is exactly 0.5 and a hospital is behind below 0.5 × 0.8 = 0.4.
 */
describe("volume_progress and selected_share", () => {
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
        batch_id: "LM3",
        name: "江川等八省际联盟药品集采",
        level: "省际联盟",
        category: "药品",
        exec_start: "2024-01-01",
        cycle_end: "2025-12-31"
      }
    ]);
    const bid = (spec: string, enterprise: string, price: number, selected = true): Row => ({
      batch: "LM3",
      generic_name: "阿托伐他汀钙",
      dosage_form: "片剂",
      spec,
      pack: "10片/盒",
      conversion_ratio: 10,
      enterprise,
      selected,
      price_per_unit: price,
      pre_vbp_price_unit: 1.0
    });
    await insertRows(conn, "raw_batch_results", [
      bid("10mg", "江川制药", 0.2),
      bid("20mg", "江川制药", 0.35),
      bid("10mg", "华阳药业", 0.25),
      bid("10mg", "青山药业", 0.6, false)
    ]);
    await insertRows(conn, "raw_agreed_volumes", [
      {
        batch: "LM3",
        hospital_code: "H1",
        generic_name: "阿托伐他汀钙",
        dosage_form: "片剂",
        spec: "10mg",
        enterprise: "江川制药",
        year_index: 1,
        agreed_qty: 100000,
        unit: "片"
      },
      {
        batch: "LM3",
        hospital_code: "H2",
        generic_name: "阿托伐他汀钙",
        dosage_form: "片剂",
        spec: "10mg",
        enterprise: "华阳药业",
        year_index: 1,
        agreed_qty: 50000,
        unit: "片"
      },
      {
        batch: "LM3",
        hospital_code: "H2",
        generic_name: "阿托伐他汀钙",
        dosage_form: "片剂",
        spec: "10mg",
        enterprise: "华阳药业",
        year_index: 2,
        agreed_qty: 50000,
        unit: "片"
      }
    ]);
    await insertRows(conn, "raw_orders", [
      order("O1", "H1", "10mg", "江川制药", 50000, 0.2),
      order("O2", "H1", "20mg", "江川制药", 5000, 0.35), // 20 mg counts double in 10 mg units: 10,000
      order("O3", "H1", "10mg", "青山药业", 10000, 0.6), // non-selected: not progress, but the share's denominator
      order("O4", "H2", "10mg", "华阳药业", 15000, 0.25),
      order("O5", "H2", "10mg", "华阳药业", 9000, 0.25, "2024-07-02") // after the as-of date
    ]);
    await refreshModels(conn, {asOf: "2024-07-01"});
  });

  afterAll(() => fixture.cleanup());

  it("measures completion against elapsed time and flags hospitals behind pace", async () => {
    const progress = await rows(
      fixture.warehouse.conn,
      `select hospital_code, year_index, main_spec, year_start, year_end, days_in_year, days_elapsed, agreed_qty,
              purchased_selected_qty, completion, elapsed, pace_threshold, is_behind_pace, is_current_year,
              agreed_amount, prepay_amount
       from volume_progress order by hospital_code, year_index`
    );
    expect(progress).toEqual([
      // (50,000 + 2 × 5,000) / 100,000 = 0.6 ≥ 0.4
      {
        hospital_code: "H1",
        year_index: 1,
        main_spec: "10mg",
        year_start: "2024-01-01",
        year_end: "2024-12-31",
        days_in_year: 366,
        days_elapsed: 183,
        agreed_qty: "100000.000000",
        purchased_selected_qty: "60000.000000",
        completion: "0.600000",
        elapsed: "0.500000",
        pace_threshold: "0.400000",
        is_behind_pace: false,
        is_current_year: true,
        agreed_amount: "20000.00",
        prepay_amount: "6000.00"
      },
      // 15,000 / 50,000 = 0.3 < 0.4
      {
        hospital_code: "H2",
        year_index: 1,
        main_spec: "10mg",
        year_start: "2024-01-01",
        year_end: "2024-12-31",
        days_in_year: 366,
        days_elapsed: 183,
        agreed_qty: "50000.000000",
        purchased_selected_qty: "15000.000000",
        completion: "0.300000",
        elapsed: "0.500000",
        pace_threshold: "0.400000",
        is_behind_pace: true,
        is_current_year: true,
        agreed_amount: "12500.00",
        prepay_amount: "3750.00"
      },
      // year 2 has not started: not behind
      {
        hospital_code: "H2",
        year_index: 2,
        main_spec: "10mg",
        year_start: "2025-01-01",
        year_end: "2025-12-31",
        days_in_year: 365,
        days_elapsed: 0,
        agreed_qty: "50000.000000",
        purchased_selected_qty: "0.000000",
        completion: "0.000000",
        elapsed: "0.000000",
        pace_threshold: "0.000000",
        is_behind_pace: false,
        is_current_year: false,
        agreed_amount: "12500.00",
        prepay_amount: "3750.00"
      }
    ]);
    const [summary] = await rows(fixture.warehouse.conn, "select hospitals_behind_pace from batch_summary");
    expect(summary!.hospitals_behind_pace).toBe(1);
  });

  it("takes the behind-pace factor from the policy", async () => {
    const policyDir = policyDirWith(fixture.dir, "default-2019.json", {progress: {behind_pace_factor: 0.5}});
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-07-01", policyDir});
    const behind = await rows(fixture.warehouse.conn, "select hospital_code from volume_progress where is_behind_pace");
    expect(behind).toEqual([]); // 0.3 ≥ 0.5 × 0.5
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-07-01"});
  });

  it("computes the selected-product share of the variety in main-spec units", async () => {
    const share = await rows(
      fixture.warehouse.conn,
      `select hospital_code, selected_qty, nonselected_qty, selected_share, selected_amount, nonselected_amount
       from selected_share order by hospital_code`
    );
    expect(share).toEqual([
      // 60,000 / (60,000 + 10,000)
      {
        hospital_code: "H1",
        selected_qty: "60000.000000",
        nonselected_qty: "10000.000000",
        selected_share: "0.857143",
        selected_amount: "11750.00",
        nonselected_amount: "6000.00"
      },
      {
        hospital_code: "H2",
        selected_qty: "15000.000000",
        nonselected_qty: "0.000000",
        selected_share: "1.000000",
        selected_amount: "3750.00",
        nonselected_amount: "0.00"
      }
    ]);
  });

  it("counts a hospital behind by its agreed-amount-weighted completion, and each lagging variety", async () => {
    const conn = fixture.warehouse.conn;
    await insertRows(conn, "raw_batch_results", [
      {
        batch: "LM3",
        generic_name: "氯吡格雷",
        dosage_form: "片剂",
        spec: "75mg",
        pack: "7片/盒",
        conversion_ratio: 7,
        enterprise: "江川制药",
        selected: true,
        price_per_unit: 0.1,
        pre_vbp_price_unit: 1.0
      }
    ]);
    await insertRows(conn, "raw_agreed_volumes", [
      {
        batch: "LM3",
        hospital_code: "H1",
        generic_name: "氯吡格雷",
        dosage_form: "片剂",
        spec: "75mg",
        enterprise: "江川制药",
        year_index: 1,
        agreed_qty: 1000,
        unit: "片"
      }
    ]);
    await refreshModels(conn, {asOf: "2024-07-01"});
    // H1: 氯吡格雷 at 0 is behind, but (0.6 × 20,000 + 0 × 100) / 20,100 = 0.597 ≥ 0.4 keeps H1 on pace
    const [summary] = await rows(conn, "select hospitals_behind_pace, varieties_behind_pace from batch_summary");
    expect(summary).toEqual({hospitals_behind_pace: 1, varieties_behind_pace: 2});
  });

  it("shows a hospital that bought a non-selected product while its selected order was overdue, and only then", async () => {
    const conn = fixture.warehouse.conn;
    // H2 ordered its selected 华阳药业 on 2024-03-01 and never received it: overdue after 2024-03-08 (7 days).
    // It bought the non-selected 青山药业 on 2024-03-08 (not yet overdue), 2024-03-09 and 2024-04-01 (overdue).
    await insertRows(conn, "raw_orders", [
      {...order("S1", "H2", "10mg", "华阳药业", 1000, 0.25, "2024-03-01"), received_date: null},
      order("N1", "H2", "10mg", "青山药业", 100, 0.6, "2024-03-08"),
      order("N2", "H2", "10mg", "青山药业", 200, 0.6, "2024-03-09"),
      order("N3", "H2", "10mg", "青山药业", 300, 0.6, "2024-04-01")
    ]);
    await refreshModels(conn, {asOf: "2024-07-01"});
    expect(
      await rows(
        conn,
        `select hospital_code, nonselected_lines_while_undelivered as lines, nonselected_amount_while_undelivered as amount,
                is_selected_undelivered as undelivered
         from selected_share where year_index = 1 order by hospital_code`
      )
    ).toEqual([
      // H1 bought 青山药业 too, with no selected order outstanding: its own choice
      {hospital_code: "H1", lines: 0, amount: "0.00", undelivered: false},
      // 200 × 0.6 + 300 × 0.6
      {hospital_code: "H2", lines: 2, amount: "300.00", undelivered: true}
    ]);
  });
});

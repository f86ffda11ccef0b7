import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {insertRows, rows, tempWarehouse, type Row} from "./warehouse-fixture.js";

/**
 * One batch executed 2024-01-01 with a two-year cycle (2024 and 2025). H1 agreed volumes for year 1 only,
 * H2 for both years, H3 for year 1 only and bought more than agreed. Purchases are all in 2024.
 */
const volume = (hospital: string, year: number, qty: number): Row => ({
  batch: "LM3",
  hospital_code: hospital,
  generic_name: "阿托伐他汀钙",
  dosage_form: "片剂",
  spec: "10mg",
  enterprise: "江川制药",
  year_index: year,
  agreed_qty: qty,
  unit: "片"
});

const order = (id: string, hospital: string, tablets: number, date: string): Row => ({
  order_id: id,
  line_no: 1,
  hospital_code: hospital,
  generic_name: "阿托伐他汀钙",
  dosage_form: "片剂",
  spec: "10mg",
  pack: "10片/盒",
  conversion_ratio: 10,
  enterprise: "江川制药",
  qty: tablets,
  qty_unit: "片",
  unit_price: 0.2,
  amount: Math.round(tablets * 0.2 * 100) / 100,
  order_date: date,
  received_date: date,
  paid_date: date,
  channel: "带量"
});

describe("hospital_progress: each hospital × batch × cycle year started, with a status every page shows", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;
  const statuses = () =>
    rows(
      fixture.warehouse.conn,
      `select hospital_code, year_index, is_current_year, is_year_ended, varieties, completion, pace_status
       from hospital_progress order by hospital_code, year_index`
    );
  const summary = async () =>
    (
      await rows(
        fixture.warehouse.conn,
        `select hospitals_with_agreed_volume, hospitals_on_pace, hospitals_behind_pace, hospitals_not_met,
                hospitals_without_agreed_volume, hospitals_off_pace from batch_summary`
      )
    )[0];

  beforeAll(async () => {
    fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    await insertRows(
      conn,
      "raw_hospitals",
      ["H1", "H2", "H3"].map((code) => ({
        hospital_code: code,
        name: `医院${code}`,
        level: "三级",
        kind: "医院",
        mi_pay_ratio: 0.7
      }))
    );
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
    await insertRows(conn, "raw_batch_results", [
      {
        batch: "LM3",
        generic_name: "阿托伐他汀钙",
        dosage_form: "片剂",
        spec: "10mg",
        pack: "10片/盒",
        conversion_ratio: 10,
        enterprise: "江川制药",
        selected: true,
        price_per_unit: 0.2,
        pre_vbp_price_unit: 1.0
      }
    ]);
    await insertRows(conn, "raw_agreed_volumes", [
      volume("H1", 1, 100000),
      volume("H2", 1, 50000),
      volume("H2", 2, 50000),
      volume("H3", 1, 10000)
    ]);
    await insertRows(conn, "raw_orders", [
      order("O1", "H1", 60000, "2024-05-01"),
      order("O2", "H2", 15000, "2024-05-01"),
      order("O3", "H3", 12000, "2024-05-01")
    ]);
  });

  afterAll(() => fixture.cleanup());

  it("judges the year in progress against elapsed time, and does not judge years not started", async () => {
    // 2024-07-01: 183 of 366 days, threshold 0.5 × 0.8 = 0.4; year 2 has not started and has no row
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-07-01"});
    expect(await statuses()).toEqual([
      {
        hospital_code: "H1",
        year_index: 1,
        is_current_year: true,
        is_year_ended: false,
        varieties: 1,
        completion: "0.600000",
        pace_status: "on_pace"
      },
      {
        hospital_code: "H2",
        year_index: 1,
        is_current_year: true,
        is_year_ended: false,
        varieties: 1,
        completion: "0.300000",
        pace_status: "behind"
      },
      {
        hospital_code: "H3",
        year_index: 1,
        is_current_year: true,
        is_year_ended: false,
        varieties: 1,
        completion: "1.200000",
        pace_status: "on_pace"
      }
    ]);
    expect(await summary()).toEqual({
      hospitals_with_agreed_volume: 3,
      hospitals_on_pace: 2,
      hospitals_behind_pace: 1,
      hospitals_not_met: 0,
      hospitals_without_agreed_volume: 0,
      hospitals_off_pace: 1
    });
  });

  it("names a current year without an agreed volume, never on pace, and says whether an ended year was met", async () => {
    await refreshModels(fixture.warehouse.conn, {asOf: "2025-03-01"});
    expect(await statuses()).toEqual([
      {
        hospital_code: "H1",
        year_index: 1,
        is_current_year: false,
        is_year_ended: true,
        varieties: 1,
        completion: "0.600000",
        pace_status: "not_met"
      },
      {
        hospital_code: "H1",
        year_index: 2,
        is_current_year: true,
        is_year_ended: false,
        varieties: 0,
        completion: null,
        pace_status: "no_agreed_volume"
      },
      {
        hospital_code: "H2",
        year_index: 1,
        is_current_year: false,
        is_year_ended: true,
        varieties: 1,
        completion: "0.300000",
        pace_status: "not_met"
      },
      {
        hospital_code: "H2",
        year_index: 2,
        is_current_year: true,
        is_year_ended: false,
        varieties: 1,
        completion: "0.000000",
        pace_status: "behind"
      },
      {
        hospital_code: "H3",
        year_index: 1,
        is_current_year: false,
        is_year_ended: true,
        varieties: 1,
        completion: "1.200000",
        pace_status: "met"
      },
      {
        hospital_code: "H3",
        year_index: 2,
        is_current_year: true,
        is_year_ended: false,
        varieties: 0,
        completion: null,
        pace_status: "no_agreed_volume"
      }
    ]);
    expect(await summary()).toEqual({
      hospitals_with_agreed_volume: 3,
      hospitals_on_pace: 0,
      hospitals_behind_pace: 1,
      hospitals_not_met: 0,
      hospitals_without_agreed_volume: 2,
      hospitals_off_pace: 3
    });
    const [variety] = await rows(
      fixture.warehouse.conn,
      "select pace_status, is_behind_pace, is_current_year from volume_progress where hospital_code = 'H1'"
    );
    expect(variety).toEqual({pace_status: "not_met", is_behind_pace: false, is_current_year: false});
  });

  it("judges a cycle that has ended in its last year: met or not met, never behind", async () => {
    await refreshModels(fixture.warehouse.conn, {asOf: "2026-03-01"});
    const current = (await statuses()).filter((r) => r.is_current_year);
    expect(current).toEqual([
      {
        hospital_code: "H1",
        year_index: 2,
        is_current_year: true,
        is_year_ended: true,
        varieties: 0,
        completion: null,
        pace_status: "no_agreed_volume"
      },
      {
        hospital_code: "H2",
        year_index: 2,
        is_current_year: true,
        is_year_ended: true,
        varieties: 1,
        completion: "0.000000",
        pace_status: "not_met"
      },
      {
        hospital_code: "H3",
        year_index: 2,
        is_current_year: true,
        is_year_ended: true,
        varieties: 0,
        completion: null,
        pace_status: "no_agreed_volume"
      }
    ]);
    expect(await summary()).toMatchObject({hospitals_behind_pace: 0, hospitals_not_met: 1, hospitals_off_pace: 3});
    const [variety] = await rows(
      fixture.warehouse.conn,
      "select is_current_year, pace_status from volume_progress where hospital_code = 'H2' and year_index = 2"
    );
    expect(variety).toEqual({is_current_year: true, pace_status: "not_met"});
  });
});

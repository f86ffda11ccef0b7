import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {refreshWarehouse} from "../../pipelines/refresh/refresh-warehouse.js";
import {insertRows, rows, tempWarehouse} from "../models/warehouse-fixture.js";

describe("alert status across refreshes", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;
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
  const statuses = () =>
    rows(fixture.warehouse.conn, "select alert_kind, status, is_new_this_week from alerts order by alert_kind, status");
  const recorded = () =>
    rows(
      fixture.warehouse.conn,
      "select strftime(as_of, '%Y-%m-%d') as as_of, alert_kind from alert_history order by all"
    );

  beforeAll(async () => {
    fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    // a price rise from 2026-04-01 (yellow) and a hospital buying from an enterprise rated 特别严重失信 (red)
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
  }, 60_000);

  afterAll(() => fixture?.cleanup());

  it("marks alerts new on the first date, then continuing or resolved on a later one, and records each date once", async () => {
    const conn = fixture.warehouse.conn;
    await refreshWarehouse(conn, {asOf: "2026-04-30"});
    expect(await statuses()).toEqual([
      {alert_kind: "credit_exposure", status: "new", is_new_this_week: false},
      {alert_kind: "price_rise", status: "new", is_new_this_week: false}
    ]);
    // a version of 2026-05-15 at the same 12.00: the rise is no longer the current change
    await insertRows(conn, "raw_listing_prices", [
      {...listing, listed_price: 12, valid_from: "2026-05-15", load_id: 4}
    ]);
    await refreshWarehouse(conn, {asOf: "2026-05-31"});
    const later = [
      {alert_kind: "credit_exposure", status: "continuing", is_new_this_week: false},
      {alert_kind: "price_rise", status: "resolved", is_new_this_week: false}
    ];
    expect(await statuses()).toEqual(later);
    // refreshing the same date again compares with the same earlier date and rewrites its record
    await refreshWarehouse(conn, {asOf: "2026-05-31"});
    expect(await statuses()).toEqual(later);
    expect(await recorded()).toEqual([
      {as_of: "2026-04-30", alert_kind: "credit_exposure"},
      {as_of: "2026-04-30", alert_kind: "price_rise"},
      {as_of: "2026-05-31", alert_kind: "credit_exposure"}
    ]);
  }, 120_000);
});

import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {insertRows, rows, tempWarehouse, type Row} from "./warehouse-fixture.js";

const line = (id: string, extra: Row): Row => ({
  order_id: id,
  line_no: 1,
  hospital_code: "H1",
  product_code: "XA01",
  generic_name: "甲钴胺",
  dosage_form: "片剂",
  spec: "0.5mg",
  pack: "10片/盒",
  conversion_ratio: 10,
  enterprise: "江川制药",
  qty: 1,
  qty_unit: "盒",
  unit_price: 2,
  amount: 2,
  order_date: "2024-03-01",
  received_date: "2024-03-02",
  paid_date: "2024-03-20",
  channel: "挂网",
  ...extra
});

/**
 * int_order_months groups the lines by a hash of their product text: lines whose texts differ in any one field,
 * or only in which field is empty, must stay apart, each converted with its own ratio.
 */
describe("int_order_months product texts", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;

  beforeAll(async () => {
    fixture = await tempWarehouse();
    await insertRows(fixture.warehouse.conn, "raw_orders", [
      line("O1", {}),
      line("O2", {conversion_ratio: 20}),
      line("O3", {conversion_ratio: null, pack: "30片/盒"}),
      // the same two texts with the empty field swapped: a hash that ignored positions would merge them
      line("O4", {conversion_ratio: null, pack: null, spec: "40片"}),
      line("O5", {conversion_ratio: null, pack: "40片", spec: null})
    ]);
    await refreshModels(fixture.warehouse.conn, {asOf: "2024-12-31"});
  });

  afterAll(() => fixture.cleanup());

  it("keeps every distinct product text apart, converted with its own ratio", async () => {
    const months = await rows(
      fixture.warehouse.conn,
      "select spec, lines, qty_min from int_order_months order by qty_min nulls first, spec nulls first"
    );
    // O4 has no ratio (a spec is no pack size), O5 reads 40 from its pack; O1–O3 10, 20 and 30
    expect(months).toEqual([
      {spec: "40片", lines: "1", qty_min: null},
      {spec: "0.5mg", lines: "1", qty_min: "10.000000"},
      {spec: "0.5mg", lines: "1", qty_min: "20.000000"},
      {spec: "0.5mg", lines: "1", qty_min: "30.000000"},
      {spec: null, lines: "1", qty_min: "40.000000"}
    ]);
  });
});

import type {DuckDBConnection} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {insertRows, rows, tempWarehouse, type Row} from "./warehouse-fixture.js";

// as_of 2026-05-10 with 7 allowed days: April (30 + 7 = May 7) is the latest assessed month, May is not.
const asOf = "2026-05-10";

const listing = (
  generic: string,
  spec: string,
  enterprise: string,
  price: number,
  validFrom: string,
  extra: Row = {}
) =>
  ({
    province: "江川省",
    generic_name: generic,
    dosage_form: "片剂",
    spec,
    pack: "10片/盒",
    conversion_ratio: 10,
    enterprise,
    category: "药品",
    listed_price: price,
    valid_from: validFrom,
    ...extra
  }) satisfies Row;

let orderSequence = 0;

/**
 * `lines` order lines of one product in a month, spread over its first 28 days: the first `onTime` received
 * 7 days after ordering (the last day allowed), the next `late` 8 days after, the rest never.
 */
async function orderLines(
  conn: DuckDBConnection,
  o: {
    enterprise: string;
    generic: string;
    month: string;
    lines: number;
    onTime: number;
    late?: number;
    hospital?: string;
  }
): Promise<void> {
  const tag = ++orderSequence;
  await conn.run(
    `insert into raw_orders (load_id, source_file, source_row, order_id, line_no, hospital_code, generic_name,
                             dosage_form, spec, pack, conversion_ratio, enterprise, qty, unit_price, order_date,
                             received_date, channel)
     select 2, 'orders.csv', i, 'O' || $tag || '-' || i, 1, $hospital, $generic, '片剂', '10mg', '10片/盒', 10,
            $enterprise, 1, 10.00, order_date,
            case when i < $on_time then order_date + 7 when i < $on_time + $late then order_date + 8 end,
            '带量'
     from (select i, cast($month || '-01' as date) + cast(i % 28 as integer) as order_date from range($lines) t (i))`,
    {
      tag,
      hospital: o.hospital ?? "H001",
      generic: o.generic,
      enterprise: o.enterprise,
      on_time: o.onTime,
      late: o.late ?? 0,
      month: o.month,
      lines: o.lines
    }
  );
}

describe("monitoring marts", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;
  let conn: DuckDBConnection;

  beforeAll(async () => {
    fixture = await tempWarehouse();
    conn = fixture.warehouse.conn;
    await insertRows(conn, "raw_hospitals", [
      {hospital_code: "H001", name: "江川市第一人民医院", level: "三级", region: "东城区"},
      {hospital_code: "H002", name: "江川市中医院", level: "二级", region: "西城区"}
    ]);
    await insertRows(conn, "raw_batches", [
      {batch_id: "GJ9", name: "第九批国家组织药品集采", level: "国家", category: "药品", exec_start: "2025-01-01"}
    ]);
    // the variety's winning prices: 1.00 per 20mg tablet (lowest, the reference) and 1.50
    await insertRows(conn, "raw_batch_results", [
      {
        batch: "GJ9",
        generic_name: "风险片",
        dosage_form: "片剂",
        spec: "20mg",
        pack: "10片/盒",
        conversion_ratio: 10,
        enterprise: "中选药业",
        selected: true,
        price_per_unit: 1.0
      },
      {
        batch: "GJ9",
        generic_name: "风险片",
        dosage_form: "片剂",
        spec: "20mg",
        pack: "10片/盒",
        conversion_ratio: 10,
        enterprise: "次选药业",
        selected: true,
        price_per_unit: 1.5
      }
    ]);
    // price-risk listings: per-tablet price of a 20mg tablet = pack price / 10, so the multiple is price / 10
    const riskListings = [
      ["企业0.99", 9.9],
      ["企业1.00", 10.0],
      ["企业1.01", 10.1],
      ["企业1.99", 19.9],
      ["企业2.00", 20.0],
      ["企业4.99", 49.9],
      ["企业5.00", 50.0],
      ["企业9.99", 99.9],
      ["企业10.00", 100.0]
    ] as const;
    await insertRows(conn, "raw_listing_prices", [
      ...riskListings.map(([enterprise, price]) => listing("风险片", "20mg", enterprise, price, "2026-01-01")),
      // 40mg at 4.00 per tablet = 2.00 per 20mg of content: 2× the reference by content
      listing("风险片", "40mg", "含量药业", 40, "2026-01-01"),
      // another province's listing is not graded
      listing("风险片", "20mg", "外省药业", 300, "2026-01-01", {province: "河北省"}),
      // price history: 10.00 → 11.00 is +10.00 % (not above), 10.00 → 11.01 is +10.10 %, a fall, and three versions
      listing("涨价片", "5mg", "整十药业", 10, "2026-01-01"),
      listing("涨价片", "5mg", "超十药业", 10, "2026-01-01"),
      listing("涨价片", "5mg", "降价药业", 10, "2026-01-01"),
      listing("涨价片", "5mg", "三版药业", 10, "2025-07-01"),
      listing("涨价片", "5mg", "三版药业", 20, "2026-01-01"),
      listing("涨价片", "5mg", "外省药业", 10, "2026-01-01", {province: "河北省"}),
      // 差比价: a 20-tablet pack may cost 10.00 × 1.95 = 19.50 beside the 10-tablet representative at 10.00
      listing("新规片", "10mg", "新规药业", 10, "2026-01-01"),
      listing("新规片", "10mg", "合规药业", 10, "2026-01-01"),
      listing("新规片", "10mg", "同期药业", 10, "2026-01-01"),
      listing("新规片", "10mg", "同期药业", 25, "2026-01-01", {pack: "20片/盒", conversion_ratio: 20})
    ]);
    await insertRows(conn, "raw_listing_prices", [
      {...listing("涨价片", "5mg", "整十药业", 11, "2026-04-01"), load_id: 3},
      {...listing("涨价片", "5mg", "超十药业", 11.01, "2026-04-01"), load_id: 3},
      {...listing("涨价片", "5mg", "降价药业", 8, "2026-04-01"), load_id: 3},
      {...listing("涨价片", "5mg", "三版药业", 21, "2026-04-01"), load_id: 3},
      {...listing("涨价片", "5mg", "外省药业", 20, "2026-04-01", {province: "河北省"}), load_id: 3},
      // new packs of listed products in April: above the limit (a first price rise) and at it
      {...listing("新规片", "10mg", "新规药业", 25, "2026-04-01", {pack: "20片/盒", conversion_ratio: 20}), load_id: 3},
      {
        ...listing("新规片", "10mg", "合规药业", 19.5, "2026-04-01", {pack: "20片/盒", conversion_ratio: 20}),
        load_id: 3
      }
    ]);
    // supply: three months below 10 % (shortage-prone), two months only, three with a gap, 9.99 % and 10.00 %
    for (const month of ["2026-02", "2026-03", "2026-04"]) {
      await orderLines(conn, {enterprise: "缺货药业", generic: "缺货片", month, lines: 10, onTime: 0, late: 3});
      await orderLines(conn, {enterprise: "临界药业", generic: "临界片", month, lines: 10000, onTime: 999});
      await orderLines(conn, {enterprise: "整十药业", generic: "整十片", month, lines: 10000, onTime: 1000});
    }
    await orderLines(conn, {enterprise: "两月药业", generic: "两月片", month: "2026-02", lines: 10, onTime: 10});
    await orderLines(conn, {enterprise: "两月药业", generic: "两月片", month: "2026-03", lines: 10, onTime: 0});
    await orderLines(conn, {enterprise: "两月药业", generic: "两月片", month: "2026-04", lines: 10, onTime: 0});
    await orderLines(conn, {enterprise: "断档药业", generic: "断档片", month: "2026-01", lines: 10, onTime: 0});
    await orderLines(conn, {enterprise: "断档药业", generic: "断档片", month: "2026-03", lines: 10, onTime: 0});
    await orderLines(conn, {enterprise: "断档药业", generic: "断档片", month: "2026-04", lines: 10, onTime: 0});
    // May is not assessed yet: lines ordered on May 1-2 are pending on May 10 only if within 7 days
    await orderLines(conn, {enterprise: "缺货药业", generic: "缺货片", month: "2026-05", lines: 5, onTime: 0});
    // credit: 严重失信 binds its case product 失信片 from 2026-03-01; 特别严重失信 binds every product
    await orderLines(conn, {enterprise: "失信药业", generic: "失信片", month: "2026-02", lines: 4, onTime: 4});
    await orderLines(conn, {enterprise: "失信药业", generic: "失信片", month: "2026-03", lines: 5, onTime: 5});
    await orderLines(conn, {enterprise: "失信药业", generic: "其他片", month: "2026-03", lines: 6, onTime: 6});
    await orderLines(conn, {
      enterprise: "特严药业",
      generic: "任意片",
      month: "2026-04",
      lines: 2,
      onTime: 2,
      hospital: "H002"
    });
    await orderLines(conn, {enterprise: "修复药业", generic: "修复片", month: "2026-04", lines: 2, onTime: 2});
    await orderLines(conn, {enterprise: "一般药业", generic: "一般片", month: "2026-04", lines: 2, onTime: 2});
    await orderLines(conn, {enterprise: "外省失信", generic: "外省片", month: "2026-04", lines: 2, onTime: 2});
    await insertRows(conn, "raw_credit_ratings", [
      {
        province: "江川省",
        enterprise: "失信药业",
        rating_date: "2026-03-01",
        level: "严重失信",
        case_products: "失信片"
      },
      {province: "江川", enterprise: "特严药业", rating_date: "2026-01-15", level: "特别严重失信"},
      {province: "江川省", enterprise: "修复药业", rating_date: "2026-01-15", level: "严重失信", repaired: true},
      {province: "江川省", enterprise: "一般药业", rating_date: "2026-01-15", level: "失信"},
      {province: "河北省", enterprise: "外省失信", rating_date: "2026-01-15", level: "特别严重失信"}
    ]);
    // prices paid: 风险片 of 中选药业 at its winning 1.00 per tablet, above it in April (1.05), and before the
    // 90-day window; 涨价片 of 降价药业 at 10.00 a box while 10.00 was listed, and after the April version of 8.00
    const bought = (generic: string, spec: string, enterprise: string, date: string, price: number, line: number) => ({
      order_id: `P${line}`,
      line_no: 1,
      hospital_code: "H001",
      generic_name: generic,
      dosage_form: "片剂",
      spec,
      pack: "10片/盒",
      conversion_ratio: 10,
      enterprise,
      qty: 2,
      qty_unit: "盒",
      unit_price: price,
      order_date: date,
      received_date: date,
      channel: "带量",
      load_id: 4
    });
    await insertRows(conn, "raw_orders", [
      bought("风险片", "20mg", "中选药业", "2026-04-01", 10, 1),
      bought("风险片", "20mg", "中选药业", "2026-04-02", 10.5, 2),
      bought("风险片", "20mg", "中选药业", "2026-01-15", 12, 3),
      // files round unit prices to 4 decimals: half a fen a box above is above (10.005), less is not (10.004)
      bought("风险片", "20mg", "中选药业", "2026-04-03", 10.004, 6),
      bought("风险片", "20mg", "中选药业", "2026-04-04", 10.005, 7),
      bought("涨价片", "5mg", "降价药业", "2026-03-15", 10, 4),
      bought("涨价片", "5mg", "降价药业", "2026-04-10", 10, 5)
    ]);
    // agreed volumes of 风险片 for 江川市中医院 in years 1 and 2 of GJ9, none bought: year 2 (from 2026-01-01) behind,
    // 130 of 365 days elapsed on 2026-05-10 (35.6 %)
    await insertRows(conn, "raw_agreed_volumes", [
      {
        batch: "GJ9",
        hospital_code: "H002",
        generic_name: "风险片",
        dosage_form: "片剂",
        spec: "20mg",
        year_index: 1,
        agreed_qty: 1000,
        unit: "片"
      },
      {
        batch: "GJ9",
        hospital_code: "H002",
        generic_name: "风险片",
        dosage_form: "片剂",
        spec: "20mg",
        year_index: 2,
        agreed_qty: 1000,
        unit: "片"
      }
    ]);
    await refreshModels(conn, {asOf});
  }, 120_000);

  afterAll(() => fixture?.cleanup());

  it("grades price risk by the multiple of the variety's lowest winning price, at each tier's edge", async () => {
    const graded = await rows(
      conn,
      "select enterprise, price_multiple, tier_label, severity, action from price_risk order by price_multiple, enterprise"
    );
    expect(graded.map((r) => [r.enterprise, r.price_multiple, r.tier_label])).toEqual([
      ["企业0.99", "0.990000", null],
      ["企业1.00", "1.000000", null],
      ["企业1.01", "1.010000", "黄色"],
      ["企业1.99", "1.990000", "黄色"],
      ["企业2.00", "2.000000", "红色★"],
      ["含量药业", "2.000000", "红色★"],
      ["企业4.99", "4.990000", "红色★"],
      ["企业5.00", "5.000000", "红色★★"],
      ["企业9.99", "9.990000", "红色★★"],
      ["企业10.00", "10.000000", "红色★★★"]
    ]);
    const top = graded.find((r) => r.enterprise === "企业10.00")!;
    expect([top.severity, top.action]).toEqual(["red", "暂停挂网交易"]);
    expect(graded.find((r) => r.enterprise === "企业1.99")!.action).toBe("提醒医疗机构");
  });

  it("keeps every listing version and flags rises above 10 % between versions", async () => {
    const changes = await rows(
      conn,
      `select enterprise, province, previous_price::varchar as previous, listed_price::varchar as price,
              change_share, is_rise_alert, is_current
       from listing_price_changes order by enterprise, valid_from`
    );
    expect(
      changes.map((r) => [r.enterprise, r.previous, r.price, r.change_share, r.is_rise_alert, r.is_current])
    ).toEqual([
      ["三版药业", "10.000000", "20.000000", "1.000000", true, false],
      ["三版药业", "20.000000", "21.000000", "0.050000", false, true],
      ["外省药业", "10.000000", "20.000000", "1.000000", true, true],
      ["整十药业", "10.000000", "11.000000", "0.100000", false, true],
      ["超十药业", "10.000000", "11.010000", "0.101000", true, true],
      ["降价药业", "10.000000", "8.000000", "-0.200000", false, true]
    ]);
    // the listing marts see the latest version only, one row per listing
    expect(
      await rows(conn, "select listed_price::varchar as price from listing_compliance where enterprise = '三版药业'")
    ).toEqual([{price: "21.000000"}]);
  });

  it("counts lines received within the allowed days as distributed, later ones late, the rest unfilled", async () => {
    const april = await rows(
      conn,
      `select enterprise, lines, lines_on_time, lines_late, lines_unfilled, lines_pending, distribution_rate, is_assessed
       from supply_monthly where order_month = '2026-04-01' and enterprise in ('缺货药业', '临界药业', '整十药业')
       order by enterprise`
    );
    expect(april).toEqual([
      {
        enterprise: "临界药业",
        lines: 10000,
        lines_on_time: 999,
        lines_late: 0,
        lines_unfilled: 9001,
        lines_pending: 0,
        distribution_rate: "0.099900",
        is_assessed: true
      },
      {
        enterprise: "整十药业",
        lines: 10000,
        lines_on_time: 1000,
        lines_late: 0,
        lines_unfilled: 9000,
        lines_pending: 0,
        distribution_rate: "0.100000",
        is_assessed: true
      },
      {
        enterprise: "缺货药业",
        lines: 10,
        lines_on_time: 0,
        lines_late: 3,
        lines_unfilled: 7,
        lines_pending: 0,
        distribution_rate: "0.000000",
        is_assessed: true
      }
    ]);
    // May 1-5 orders: May 1-2 are past their 7 days on May 10 (unfilled), May 3-5 still pending; May not assessed
    expect(
      await rows(
        conn,
        "select lines_unfilled, lines_pending, is_assessed from supply_monthly where order_month = '2026-05-01'"
      )
    ).toEqual([{lines_unfilled: 2, lines_pending: 3, is_assessed: false}]);
  });

  it("marks a variety prone to shortage after 3 consecutive months below 10 %, not 2, not with a gap", async () => {
    const runs = await rows(
      conn,
      `select enterprise, strftime(since_month, '%Y-%m') as since, months, is_shortage_prone, is_current
       from shortage_risk order by enterprise, since_month`
    );
    expect(runs).toEqual([
      {enterprise: "两月药业", since: "2026-03", months: 2, is_shortage_prone: false, is_current: true},
      {enterprise: "临界药业", since: "2026-02", months: 3, is_shortage_prone: true, is_current: true},
      {enterprise: "断档药业", since: "2026-01", months: 1, is_shortage_prone: false, is_current: false},
      {enterprise: "断档药业", since: "2026-03", months: 2, is_shortage_prone: false, is_current: true},
      {enterprise: "缺货药业", since: "2026-02", months: 3, is_shortage_prone: true, is_current: true}
    ]);
  });

  it("finds hospitals buying from a restricted enterprise after its rating, case products only where so scoped", async () => {
    const exposure = await rows(
      conn,
      `select enterprise, level, restricts, hospital_name, lines, amount::varchar as amount,
              strftime(first_order_date, '%Y-%m-%d') as since, products
       from credit_exposure order by enterprise`
    );
    expect(exposure).toEqual([
      // 失信 (2025) restricts nothing: a record, not an alert
      {
        enterprise: "一般药业",
        level: "失信",
        restricts: false,
        hospital_name: "江川市第一人民医院",
        lines: 2,
        amount: "20.00",
        since: "2026-04-01",
        products: "一般片"
      },
      // case product 失信片 bought from March on (not February, before the rating; not 其他片)
      {
        enterprise: "失信药业",
        level: "严重失信",
        restricts: true,
        hospital_name: "江川市第一人民医院",
        lines: 5,
        amount: "50.00",
        since: "2026-03-01",
        products: "失信片"
      },
      {
        enterprise: "特严药业",
        level: "特别严重失信",
        restricts: true,
        hospital_name: "江川市中医院",
        lines: 2,
        amount: "20.00",
        since: "2026-04-01",
        products: "任意片"
      }
    ]);
  });

  it("finds lines bought above the winning or listed price in force on their date, in the lookback window", async () => {
    expect(
      await rows(
        conn,
        `select breach, enterprise, lines, strftime(first_order_date, '%Y-%m-%d') as since,
                reference_price_unit::varchar as reference, max_unit_price::varchar as paid, excess_amount::varchar as excess
         from order_price_breaches order by breach`
      )
    ).toEqual([
      // 2 boxes of 10 at 1.00 a tablet above 0.80: 4.00
      {
        breach: "above_listed",
        enterprise: "降价药业",
        lines: 1,
        since: "2026-04-10",
        reference: "0.800000",
        paid: "1.000000",
        excess: "4.00"
      },
      // 2 boxes of 10 at 0.05 a tablet above 1.00: 1.00, and at 0.0005 above: 0.01 (the January line is outside
      // the 90 days; 10.004 a box is within half a fen of the winning 10.00)
      {
        breach: "above_winning",
        enterprise: "中选药业",
        lines: 2,
        since: "2026-04-02",
        reference: "1.000000",
        paid: "1.050000",
        excess: "1.01"
      }
    ]);
  });

  it("keeps each enterprise's record beside its latest unrepaired rating", async () => {
    const record = await rows(
      conn,
      `select enterprise, lines, lines_on_time, lines_late, lines_unfilled, supply_alerts, price_alerts,
              order_price_alerts, red_alerts, credit_level
       from enterprise_record where enterprise in ('缺货药业', '失信药业', '修复药业', '超十药业', '中选药业')
       order by enterprise`
    );
    expect(record).toEqual([
      // 5 lines on time (January and April); above its winning price in the 90 days (one red alert)
      {
        enterprise: "中选药业",
        lines: 5,
        lines_on_time: 5,
        lines_late: 0,
        lines_unfilled: 0,
        supply_alerts: 0,
        price_alerts: 0,
        order_price_alerts: 1,
        red_alerts: 1,
        credit_level: null
      },
      // repaired: no rating shown
      {
        enterprise: "修复药业",
        lines: 2,
        lines_on_time: 2,
        lines_late: 0,
        lines_unfilled: 0,
        supply_alerts: 0,
        price_alerts: 0,
        order_price_alerts: 0,
        red_alerts: 0,
        credit_level: null
      },
      {
        enterprise: "失信药业",
        lines: 15,
        lines_on_time: 15,
        lines_late: 0,
        lines_unfilled: 0,
        supply_alerts: 0,
        price_alerts: 0,
        order_price_alerts: 0,
        red_alerts: 1,
        credit_level: "严重失信"
      },
      // Feb-Apr assessed: 30 lines, 9 late, 21 unfilled; low distribution in April and prone to shortage
      {
        enterprise: "缺货药业",
        lines: 30,
        lines_on_time: 0,
        lines_late: 9,
        lines_unfilled: 21,
        supply_alerts: 2,
        price_alerts: 0,
        order_price_alerts: 0,
        red_alerts: 1,
        credit_level: null
      },
      {
        enterprise: "超十药业",
        lines: 0,
        lines_on_time: 0,
        lines_late: 0,
        lines_unfilled: 0,
        supply_alerts: 0,
        price_alerts: 1,
        order_price_alerts: 0,
        red_alerts: 0,
        credit_level: null
      }
    ]);
  });

  it("lists every warning once with its rule, action and document", async () => {
    const [paceDetail] = await rows(
      conn,
      "select strftime(since, '%Y-%m-%d') as since, detail from alerts where alert_kind = 'pace_off'"
    );
    expect(paceDetail).toEqual({
      since: "2026-01-01",
      detail: "第九批国家组织药品集采 第 2 协议年度完成率 0.0%，序时进度 35.6%，1 个品种滞后"
    });
    const alerts = await rows(
      conn,
      `select alert_kind, severity, enterprise, hospital_name, rule, action, source from alerts
       order by alert_kind, enterprise, hospital_name`
    );
    const byKind = (kind: string) => alerts.filter((a) => a.alert_kind === kind).map((a) => a.enterprise);
    expect(byKind("price_rise")).toEqual(["超十药业"]);
    expect(byKind("price_risk")).toEqual([
      "企业1.01",
      "企业1.99",
      "企业10.00",
      "企业2.00",
      "企业4.99",
      "企业5.00",
      "企业9.99",
      "含量药业"
    ]);
    expect(byKind("shortage_prone")).toEqual(["临界药业", "缺货药业"]);
    expect(byKind("credit_exposure")).toEqual(["失信药业", "特严药业"]);
    // April (the latest assessed month) below 80 % with at least 5 lines; not 失信药业 etc. (on time, or 2 lines)
    expect(byKind("low_distribution")).toEqual(["两月药业", "临界药业", "整十药业", "断档药业", "缺货药业"]);
    const rise = alerts.find((a) => a.alert_kind === "price_rise")!;
    expect(rise.rule).toBe("本省挂网价格较上一版本上涨超过 10.00%");
    expect(String(rise.source)).toContain("监测制度");
    const red3 = alerts.find((a) => a.enterprise === "企业10.00")!;
    expect([red3.severity, red3.action]).toEqual(["red", "暂停挂网交易"]);
    expect(String(red3.rule)).toBe("红色★★★：参照价格倍数≥ 10.00 倍");
    expect(String(red3.source)).toContain("苏医保发〔2021〕64号");
    // a new pack above its 差比价 limit, not one at the limit, nor one listed with the family from the start
    expect(byKind("new_spec_over_cross_spec")).toEqual(["新规药业"]);
    const newSpec = alerts.find((a) => a.alert_kind === "new_spec_over_cross_spec")!;
    expect(String(newSpec.rule)).toBe("已挂网产品新增规格或包装，挂网价格高于差比价限价，按首次涨价处理");
    expect(String(newSpec.source)).toContain("按首次涨价处理");
    expect(byKind("order_above_winning")).toEqual(["中选药业"]);
    expect(byKind("order_above_listed")).toEqual(["降价药业"]);
    const winning = alerts.find((a) => a.alert_kind === "order_above_winning")!;
    expect([winning.severity, winning.rule]).toEqual([
      "red",
      "近 90 天的采购单价（按最小单位）高于采购日有效的集采中选价格"
    ]);
    const pace = alerts.filter((a) => a.alert_kind === "pace_off");
    expect(pace.map((a) => [a.hospital_name, a.severity, a.action])).toEqual([
      ["江川市中医院", "yellow", "督促医疗机构按序时进度采购中选产品"]
    ]);
    expect(String(pace[0]!.rule)).toBe("当前协议年度完成率低于序时进度 × 0.80（滞后），或没有约定采购量");
    const credit = alerts.find((a) => a.enterprise === "特严药业")!;
    expect([credit.severity, credit.hospital_name, credit.action]).toEqual([
      "red",
      "江川市中医院",
      "取消全部产品在本省的挂网和配送资格"
    ]);
  });

  it("opens every open alert to the rows behind it, whose figures add up to the alert's", async () => {
    const key = ["alert_kind", "enterprise", "generic_name", "dosage_form", "spec", "pack", "product_code"]
      .concat(["hospital_code", "batch_id", "since"])
      .map((c) => `e.${c} is not distinct from a.${c}`)
      .join(" and ");
    const evidence = await rows(
      conn,
      `with a as (select *, row_number() over () as id from alerts where status <> 'resolved')
       select a.alert_kind, a.enterprise, a.figure::varchar as figure, count(e.alert_kind)::integer as rows,
              sum(e.amount)::varchar as amount, list(e.note order by e.evidence_date, e.evidence_item) as notes
       from a left join alert_evidence e on ${key}
       group by a.id, a.alert_kind, a.enterprise, a.figure order by a.alert_kind, a.enterprise, a.figure`
    );
    // every open alert has evidence
    expect(evidence.filter((e) => e.rows === 0)).toEqual([]);
    const of = (kind: string, enterprise: string) =>
      evidence.find((e) => e.alert_kind === kind && e.enterprise === enterprise)!;
    // the lines above the winning price: 2 lines paid 21.00 + 20.01, the notes saying 1.00 and 0.01 above (the alert: 1.01)
    expect(of("order_above_winning", "中选药业")).toMatchObject({rows: 2, figure: "1.01", amount: "41.01"});
    expect(of("order_above_winning", "中选药业").notes).toEqual([
      "中选价格自 2025-01-01 起为 1.0000 元/最小单位，本行多付 1.00 元",
      "中选价格自 2025-01-01 起为 1.0000 元/最小单位，本行多付 0.01 元"
    ]);
    // purchases after a rating add up to the alert's amount
    const credit = evidence.filter((e) => e.alert_kind === "credit_exposure");
    expect(credit.length).toBeGreaterThan(0);
    for (const c of credit) expect(Number(c.amount)).toBeCloseTo(Number(c.figure), 2);
    // a low distribution month: its late and unfilled lines, as supply_monthly counts them
    const [month] = await rows(
      conn,
      `select (lines_late + lines_unfilled)::integer as n from supply_monthly
       where enterprise = '缺货药业' and order_month = '2026-04-01'`
    );
    expect(of("low_distribution", "缺货药业").rows).toBe(month!.n);
    // a shortage-prone variety: its months from the first low one
    expect(of("shortage_prone", "缺货药业").rows).toBeGreaterThanOrEqual(3);
    // a price rise: both versions of the listing
    expect(of("price_rise", "超十药业").rows).toBe(2);
  });
});

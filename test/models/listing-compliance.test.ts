import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {insertRows, rows, tempWarehouse, type Row} from "./warehouse-fixture.js";

const listing = (
  province: string,
  generic: string,
  spec: string,
  pack: string,
  conv: number,
  enterprise: string,
  price: number,
  extra: Row = {}
): Row => ({
  province,
  generic_name: generic,
  dosage_form: "片剂",
  spec,
  pack,
  conversion_ratio: conv,
  enterprise,
  category: "药品",
  listed_price: price,
  ...extra
});

describe("listing_compliance", () => {
  let fixture: Awaited<ReturnType<typeof tempWarehouse>>;
  let byKey: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    fixture = await tempWarehouse();
    const conn = fixture.warehouse.conn;
    await insertRows(conn, "raw_batches", [
      {batch_id: "GJ8", name: "第八批国家组织药品集采", level: "国家", category: "药品", exec_start: "2024-01-01"},
      {batch_id: "LM2", name: "江川等八省际联盟药品集采", level: "省际联盟", category: "药品", exec_start: "2024-01-01"}
    ]);
    await insertRows(conn, "raw_batch_results", [
      // 替格瑞洛 20mg: winning 1.00/片 (supply 河北、山西), another winner at 1.20 (the variety's highest)
      {
        batch: "GJ8",
        generic_name: "替格瑞洛",
        dosage_form: "片剂",
        spec: "20mg",
        pack: "7片/盒",
        conversion_ratio: 7,
        enterprise: "甲药业",
        selected: true,
        price_per_unit: 1.0,
        supply_provinces: "河北、山西"
      },
      {
        batch: "GJ8",
        generic_name: "替格瑞洛",
        dosage_form: "片剂",
        spec: "20mg",
        pack: "7片/盒",
        conversion_ratio: 7,
        enterprise: "乙药业",
        selected: true,
        price_per_unit: 1.2,
        supply_provinces: "江川、广东"
      },
      // an alliance winner with no supply list: binds the bureau's province only
      {
        batch: "LM2",
        generic_name: "骨化三醇",
        dosage_form: "胶囊剂",
        spec: "0.25μg",
        pack: "10粒/盒",
        conversion_ratio: 10,
        enterprise: "丙药业",
        selected: true,
        price_per_unit: 1.0
      }
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
        agreement_end: "2025-12-31"
      }
    ]);
    await insertRows(conn, "raw_listing_prices", [
      // exactly 1.8 × the national lowest: compliant; one fen above: over the limit
      listing("江川省", "阿莫西林", "0.25g", "10粒/盒", 10, "江川制药", 18.0, {national_lowest: 10.0}),
      listing("河北省", "阿莫西林", "0.25g", "10粒/盒", 10, "江川制药", 18.01, {national_lowest: 10.0}),
      // national lowest from the other provinces, per minimum unit (山西 sells 20 a box at 0.60 each)
      listing("江川省", "二甲双胍", "0.5g", "10片/盒", 10, "华阳药业", 20.0),
      listing("河北省", "二甲双胍", "0.5g", "10片/盒", 10, "华阳药业", 10.0),
      listing("山西省", "二甲双胍", "0.5g", "20片/盒", 20, "华阳药业", 12.0),
      // no other province, no national lowest
      listing("江川省", "氨氯地平", "5mg", "7片/盒", 7, "华阳药业", 9.9),
      // consumables at 1.0 × national lowest
      {
        province: "江川省",
        generic_name: "一次性吻合器",
        spec: "直线型60mm",
        pack: "1个/盒",
        conversion_ratio: 1,
        enterprise: "青山医疗",
        category: "耗材",
        listed_price: 100.0,
        national_lowest: 100.0
      },
      {
        province: "江川省",
        generic_name: "一次性吻合器",
        spec: "直线型80mm",
        pack: "1个/盒",
        conversion_ratio: 1,
        enterprise: "青山医疗",
        category: "耗材",
        listed_price: 100.01,
        national_lowest: 100.0
      },
      // VBP: supply province at the winning price, one fen above, and non-supply provinces at 1.5 ×
      listing("河北省", "替格瑞洛", "20mg", "7片/盒", 7, "甲药业", 7.0),
      listing("山西省", "替格瑞洛", "20mg", "7片/盒", 7, "甲药业", 7.01),
      listing("江川省", "替格瑞洛", "20mg", "7片/盒", 7, "甲药业", 10.5),
      listing("广东省", "替格瑞洛", "20mg", "14片/盒", 14, "甲药业", 21.01),
      // negotiated drug: at the payment standard; double strength limited to 50 × 1.7 = 85
      {
        province: "江川省",
        product_code: "XL01XC999A001010100001",
        generic_name: "帕博利珠单抗",
        dosage_form: "注射剂",
        spec: "100mg",
        pack: "1支/盒",
        conversion_ratio: 1,
        enterprise: "默沙东",
        category: "药品",
        listed_price: 50.0
      },
      {
        province: "江川省",
        generic_name: "帕博利珠单抗",
        dosage_form: "注射剂",
        spec: "200mg",
        pack: "1支/盒",
        conversion_ratio: 1,
        enterprise: "默沙东",
        category: "药品",
        listed_price: 86.0
      },
      // 差比价: representative 10mg × 7 at 7.00; 20mg × 7 may cost 7 × 1.7 = 11.90; 20mg × 14: 7 × 1.7 × 1.95
      listing("江川省", "阿托伐他汀钙", "10mg", "7片/盒", 7, "江川制药", 7.0),
      listing("江川省", "阿托伐他汀钙", "20mg", "7片/盒", 7, "江川制药", 12.0),
      listing("江川省", "阿托伐他汀钙", "20mg", "14片/盒", 14, "江川制药", 23.21),
      listing("江川省", "阿托伐他汀钙", "20mg", "28片/盒", 28, "江川制药", 45.26),
      // another maker's product is compared with its own representative, not with 江川制药's
      listing("江川省", "阿托伐他汀钙", "20mg", "14片/盒", 14, "华阳药业", 30.0),
      // the alliance winner: at home held to its winning price; in 吉林 (not a member) an ordinary listing
      {...listing("江川省", "骨化三醇", "0.25μg", "10粒/盒", 10, "丙药业", 10.01), dosage_form: "胶囊剂"},
      {...listing("吉林省", "骨化三醇", "0.25μg", "10粒/盒", 10, "丙药业", 13.5), dosage_form: "胶囊剂"}
    ]);
    await refreshModels(conn, {asOf: "2024-12-31"});
    const all = await rows(conn, "select * from listing_compliance");
    byKey = new Map(all.map((r) => [`${r.province}|${r.generic_name}|${r.spec}|${r.pack}|${r.enterprise}`, r]));
  });

  afterAll(() => fixture.cleanup());

  const get = (key: string) => {
    const row = byKey.get(key);
    if (!row) throw new Error(`no listing ${key}`);
    return row;
  };

  it("judges every listing once", () => {
    expect(byKey.size).toBe(21);
  });

  it("accepts a drug at exactly 1.8 × the national lowest and flags one fen above", () => {
    expect(get("江川省|阿莫西林|0.25g|10粒/盒|江川制药")).toMatchObject({
      is_home_province: true,
      rule: "national_lowest_drug",
      reference_kind: "national_lowest_file",
      reference_price: "10.000000",
      multiplier: "1.8000",
      limit_price: "18.00",
      price_ratio: "1.800000",
      over_amount: "0.00",
      compliance_status: "compliant"
    });
    expect(get("河北省|阿莫西林|0.25g|10粒/盒|江川制药")).toMatchObject({
      is_home_province: false,
      limit_price: "18.00",
      over_amount: "0.01",
      compliance_status: "over_limit"
    });
  });

  it("takes the national lowest from the other provinces per minimum unit", () => {
    // others: 河北 1.00/片, 山西 0.60/片 → 0.60 × 10 = 6.00 a box; limit 1.8 × 6.00 = 10.80
    expect(get("江川省|二甲双胍|0.5g|10片/盒|华阳药业")).toMatchObject({
      reference_kind: "other_provinces_lowest",
      reference_province: "山西省",
      reference_price: "6.000000",
      reference_price_unit: "0.600000",
      limit_price: "10.80",
      over_amount: "9.20",
      compliance_status: "over_limit"
    });
    // for 山西: others 江川 2.00/片, 河北 1.00/片 → 1.00 × 20 = 20.00; 12.00 is within 36.00
    expect(get("山西省|二甲双胍|0.5g|20片/盒|华阳药业")).toMatchObject({
      reference_province: "河北省",
      reference_price: "20.000000",
      limit_price: "36.00",
      compliance_status: "compliant"
    });
    expect(get("江川省|氨氯地平|5mg|7片/盒|华阳药业")).toMatchObject({
      rule: null,
      limit_price: null,
      compliance_status: "no_reference"
    });
  });

  it("lists consumables at 1.0 × the national lowest", () => {
    expect(get("江川省|一次性吻合器|直线型60mm|1个/盒|青山医疗")).toMatchObject({
      rule: "national_lowest_consumable",
      multiplier: "1.0000",
      limit_price: "100.00",
      compliance_status: "compliant"
    });
    expect(get("江川省|一次性吻合器|直线型80mm|1个/盒|青山医疗")).toMatchObject({
      over_amount: "0.01",
      compliance_status: "over_limit"
    });
  });

  it("holds VBP drugs to the winning price in supply provinces and 1.5 × elsewhere", () => {
    expect(get("河北省|替格瑞洛|20mg|7片/盒|甲药业")).toMatchObject({
      rule: "vbp_supply",
      reference_kind: "vbp_winning_price",
      is_supply_province: true,
      vbp_batch_id: "GJ8",
      limit_price: "7.00",
      compliance_status: "compliant"
    });
    expect(get("山西省|替格瑞洛|20mg|7片/盒|甲药业")).toMatchObject({
      rule: "vbp_supply",
      compliance_status: "over_limit"
    });
    // non-supply: max(1.5 × 1.00, highest winning 1.20) = 1.50/片 → 10.50 a box of 7
    expect(get("江川省|替格瑞洛|20mg|7片/盒|甲药业")).toMatchObject({
      rule: "vbp_non_supply",
      is_supply_province: false,
      multiplier: "1.5000",
      vbp_highest_win_price_unit: "1.200000",
      limit_price: "10.50",
      compliance_status: "compliant"
    });
    // a box of 14 in 广东: 1.50 × 14 = 21.00; 21.01 is over
    expect(get("广东省|替格瑞洛|20mg|14片/盒|甲药业")).toMatchObject({
      rule: "vbp_non_supply",
      limit_price: "21.00",
      over_amount: "0.01",
      compliance_status: "over_limit"
    });
  });

  it("holds an alliance winner without a supply list to its price in the bureau's province only", () => {
    expect(get("江川省|骨化三醇|0.25μg|10粒/盒|丙药业")).toMatchObject({
      rule: "vbp_supply",
      vbp_batch_id: "LM2",
      is_supply_province: true,
      limit_price: "10.00",
      compliance_status: "over_limit"
    });
    // 吉林: not bound by the alliance → 1.8 × the lowest other province (江川 1.001/粒 → 10.01 a box) = 18.02
    expect(get("吉林省|骨化三醇|0.25μg|10粒/盒|丙药业")).toMatchObject({
      rule: "national_lowest_drug",
      is_supply_province: false,
      limit_price: "18.02",
      compliance_status: "compliant"
    });
  });

  it("holds negotiated drugs to the payment standard, scaled to other strengths by K", () => {
    expect(get("江川省|帕博利珠单抗|100mg|1支/盒|默沙东")).toMatchObject({
      rule: "nrdl_payment_standard",
      reference_price: "50.000000",
      limit_price: "50.00",
      compliance_status: "compliant"
    });
    expect(get("江川省|帕博利珠单抗|200mg|1支/盒|默沙东")).toMatchObject({
      rule: "nrdl_payment_standard",
      limit_price: "85.00",
      over_amount: "1.00",
      compliance_status: "over_limit"
    });
  });

  it("flags a double-strength product above its 差比价 comparable price", () => {
    expect(get("江川省|阿托伐他汀钙|10mg|7片/盒|江川制药")).toMatchObject({cross_spec_status: "representative"});
    expect(get("江川省|阿托伐他汀钙|20mg|7片/盒|江川制药")).toMatchObject({
      cross_spec_representative: "10mg 7片/盒",
      cross_spec_k: "1.700000",
      cross_spec_limit: "11.90",
      cross_spec_status: "over_limit"
    });
    // K = 1.7^log2(2) × 1.95^log2(2) = 3.315; 7.00 × 3.315 = 23.205 → 23.21 (half up)
    expect(get("江川省|阿托伐他汀钙|20mg|14片/盒|江川制药")).toMatchObject({
      cross_spec_k: "3.315000",
      cross_spec_limit: "23.21",
      cross_spec_status: "compliant"
    });
    // 28 tablets: K = 1.7 × 1.95^log2(4) = 6.46425; 7.00 × 6.46425 = 45.24975 → 45.25
    expect(get("江川省|阿托伐他汀钙|20mg|28片/盒|江川制药")).toMatchObject({
      cross_spec_limit: "45.25",
      cross_spec_status: "over_limit"
    });
    expect(get("江川省|阿托伐他汀钙|20mg|14片/盒|华阳药业")).toMatchObject({cross_spec_status: "representative"});
  });
});

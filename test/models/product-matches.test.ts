import {writeFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadFile} from "../../pipelines/load/load-file.js";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {openWarehouse, type Warehouse} from "../../pipelines/warehouse/open.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir("jicai-matches-");

/**
 * One listing of 瑞舒伐他汀 10mg and two negotiated-drug entries of the same name, form and year for other
 * strengths (20mg, 40mg), neither naming a drug code: both match by name, neither has the listing's strength,
 * and they give different limits (the 20mg standard scaled to 10mg allows 70.59 a box, the 40mg one 55.36),
 * so the listed 60.00 is compliant under one and over the limit under the other.
 */
const listingCsv = [
  "省份,通用名,剂型,规格,包装,转换比,生产企业,挂网价格",
  "江川省,瑞舒伐他汀,片剂,10mg,10片/盒,10,甲药业,60"
];
const nrdlRows = [
  "2024,瑞舒伐他汀,片剂,12,20mg,2024-01-01,2026-12-31",
  "2024,瑞舒伐他汀,片剂,16,40mg,2024-01-01,2026-12-31"
];
const nrdlHeader = "目录年份,药品名称,剂型,医保支付标准,支付标准对应规格,协议开始日期,协议到期日";

async function listingStatus(name: string, rows: string[]): Promise<Record<string, unknown>> {
  const listing = join(dir, `${name}-listing.csv`);
  const nrdl = join(dir, `${name}-nrdl.csv`);
  writeFileSync(listing, listingCsv.join("\n") + "\n");
  writeFileSync(nrdl, [nrdlHeader, ...rows].join("\n") + "\n");
  const warehouse: Warehouse = await openWarehouse(join(dir, `${name}.duckdb`));
  try {
    for (const file of [listing, nrdl]) {
      const results = await loadFile(warehouse.conn, file);
      expect(results.map((r) => [r.status, r.rows_rejected])).toEqual([["loaded", 0]]);
    }
    await refreshModels(warehouse.conn, {asOf: "2024-12-31"});
    const reader = await warehouse.conn.runAndReadAll(
      "select rule, reference_price, limit_price, compliance_status from listing_compliance"
    );
    const found = reader.getRowObjectsJson();
    expect(found).toHaveLength(1);
    return found[0]!;
  } finally {
    warehouse.close();
  }
}

describe("product matching", () => {
  let forward: Record<string, unknown>;
  let reversed: Record<string, unknown>;

  beforeAll(async () => {
    forward = await listingStatus("forward", nrdlRows);
    reversed = await listingStatus("reversed", [...nrdlRows].reverse());
  });

  afterAll(() => undefined);

  it("judges a listing against the same negotiated drug whichever order the catalogue lists two tied entries in", () => {
    expect(forward.rule).toBe("nrdl_payment_standard");
    expect(reversed).toEqual(forward);
  });
});

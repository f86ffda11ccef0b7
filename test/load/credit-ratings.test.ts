import {writeFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {loadFile} from "../../pipelines/load/load-file.js";
import {tempDir} from "../helpers/temp.js";
import {newWarehouse, rows} from "../helpers/warehouse.js";

const dir = tempDir();

describe("credit-ratings", () => {
  it("loads a province's published ratings by their headers, levels as either scheme writes them", async () => {
    const w = await newWarehouse(dir);
    const file = join(dir, "医药价格和招采信用评级结果.csv");
    writeFileSync(
      file,
      [
        "评价省份,失信企业,评定日期,信用等级,主要失信事实,涉案药品,处置措施,是否修复",
        "江川省,甲制药有限公司,2025-07-01,严重（失信）,给予回扣,阿莫西林胶囊,取消涉案产品挂网,否",
        "江川省,乙制药有限公司,2024/3/5,一般失信,虚假申报,,书面提醒,是",
        "江川省,丙制药有限公司,2025-08-01,特别严重失信,,,,",
        "江川省,丁制药有限公司,2025-08-01,很严重,,,,"
      ].join("\r\n") + "\r\n"
    );
    const [result] = await loadFile(w.conn, file);
    expect(result).toMatchObject({source: "credit-ratings", rows_read: 4, rows_loaded: 3, rows_rejected: 1});
    expect(
      await rows(
        w,
        `select enterprise, rating_date::varchar d, level, case_products, repaired from raw_credit_ratings
         order by enterprise`
      )
    ).toEqual([
      {enterprise: "丙制药有限公司", d: "2025-08-01", level: "特别严重失信", case_products: null, repaired: null},
      {enterprise: "乙制药有限公司", d: "2024-03-05", level: "一般", case_products: null, repaired: true},
      {enterprise: "甲制药有限公司", d: "2025-07-01", level: "严重失信", case_products: "阿莫西林胶囊", repaired: false}
    ]);
    expect(await rows(w, "select column_name, value from rejects")).toEqual([{column_name: "level", value: "很严重"}]);
    w.close();
  });
});

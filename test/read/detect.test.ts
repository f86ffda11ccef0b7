import {describe, expect, it} from "vitest";
import {detectHeader} from "../../pipelines/read/detect.js";
import {contracts} from "../../pipelines/sources/index.js";

const rows = (cells: (string | null)[][]) => cells.map((c, i) => ({sourceRow: i + 1, cells: c}));

describe("detectHeader", () => {
  it("finds the header below title rows and picks the source", () => {
    const found = detectHeader(
      rows([
        ["第七批国家组织药品集中采购拟中选结果表", null, null, null],
        ["公示日期：2022年7月12日", null, null, null],
        ["序号", "药品通用名", "规格包装", "中选企业", "中选价格（元/盒）"],
        ["1", "阿莫西林胶囊", "0.25g*24粒", "甲制药", "5.2"]
      ]),
      contracts
    );
    expect(found?.contract.kind).toBe("batch-results");
    expect(found?.lastHeaderRow).toBe(2);
    expect(found?.headerRowCount).toBe(1);
  });

  it("combines a two-row header when the second row adds columns", () => {
    const found = detectHeader(
      rows([
        ["序号", "通用名", "企业", "中选价格", "中选价格"],
        ["序号", "通用名", "企业", "每盒", "最小制剂单位"],
        ["1", "阿莫西林胶囊", "甲制药", "5.2", "0.22"]
      ]),
      contracts
    );
    expect(found?.headerRowCount).toBe(2);
    expect(found?.lastHeaderRow).toBe(1);
    expect(found?.matches.map((m) => m.column.name)).toContain("price_per_unit");
  });

  it("searches the first 100 rows: a header under 44 rows of instructions is found", () => {
    const notes = Array.from({length: 44}, (_, i) => [`填表说明第 ${i + 1} 条：请按要求填写`, null]);
    const found = detectHeader(
      rows([...notes, ["订单编号", "医疗机构编码", "采购数量", "采购价格", "订单日期"]]),
      contracts
    );
    expect(found?.contract.kind).toBe("orders");
    expect(found?.lastHeaderRow).toBe(44);
    const deeper = Array.from({length: 100}, () => ["说明", null]);
    expect(
      detectHeader(rows([...deeper, ["订单编号", "医疗机构编码", "采购数量", "采购价格", "订单日期"]]), contracts)
    ).toBeNull();
  });

  it("considers only the row the user names (headerAt), alone or under a parent row", () => {
    const sheet = rows([
      ["订单编号", "医疗机构编码", "采购数量", "采购价格", "订单日期"],
      ["A-1", "H001", "10", "5.2", "2024-03-01"],
      ["订单编号", "医疗机构编码", "采购数量", "采购价格", "订单日期"]
    ]);
    expect(detectHeader(sheet, contracts, undefined, undefined, 2)?.lastHeaderRow).toBe(2);
    expect(detectHeader(sheet, contracts, undefined, undefined, 1)).toBeNull();
  });

  it("returns null when nothing resembles a header", () => {
    expect(
      detectHeader(
        rows([
          ["hello", "world"],
          ["1", "2"]
        ]),
        contracts
      )
    ).toBeNull();
  });

  it("tells orders from listings by their headers", () => {
    const orders = detectHeader(
      rows([["订单编号", "医疗机构编码", "通用名", "采购数量", "采购价格", "订单日期"]]),
      contracts
    );
    const listings = detectHeader(rows([["省份", "通用名", "剂型", "规格", "生产企业", "挂网价格"]]), contracts);
    expect(orders?.contract.kind).toBe("orders");
    expect(listings?.contract.kind).toBe("listing-prices");
  });
});

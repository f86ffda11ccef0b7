import {describe, expect, it} from "vitest";
import {closestHeaders, headerSimilarity} from "../../pipelines/load/suggest.js";
import {nrdl} from "../../pipelines/sources/nrdl.js";

describe("closestHeaders", () => {
  it("suggests a header sharing most characters with an alias, closest first", () => {
    expect(headerSimilarity("医保支忖价", "医保支付价")).toBeCloseTo(0.8);
    const payment = nrdl.columns.find((c) => c.name === "payment_standard")!;
    expect(closestHeaders(payment, ["商品名", "医保支忖价格", "支付标椎", "厂家"])).toEqual([
      "医保支忖价格",
      "支付标椎"
    ]);
    expect(closestHeaders(payment, ["商品名", "厂家", "Value16Q1"])).toEqual([]);
  });
});

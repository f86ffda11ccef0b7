import {describe, expect, it} from "vitest";
import {combineHeaderRows, matchHeader, normalizeHeader, singleHeaderRow} from "../../pipelines/read/header.js";
import {agreedVolumes} from "../../pipelines/sources/agreed-volumes.js";
import {batchResults} from "../../pipelines/sources/batch-results.js";
import {contracts} from "../../pipelines/sources/index.js";
import {listingPrices} from "../../pipelines/sources/listing-prices.js";
import {nrdl} from "../../pipelines/sources/nrdl.js";

describe("normalizeHeader", () => {
  it("removes units and reports the 万 multiplier", () => {
    expect(normalizeHeader("约定采购量（万片）")).toEqual({key: "约定采购量", unit: "万片", multiplier: 10_000});
    expect(normalizeHeader("价格（元）")).toEqual({key: "价格", unit: "元", multiplier: 1});
    expect(normalizeHeader("采购量(万片/万支/万袋)").multiplier).toBe(10_000);
  });
  it("keeps non-unit bracketed text, drops line breaks and full-width forms", () => {
    expect(normalizeHeader("竞标价格（最小规格）").key).toBe("竞标价格最小规格");
    expect(normalizeHeader("中选价格\n（元/盒）").key).toBe("中选价格");
    expect(normalizeHeader(" Generic Name ").key).toBe("genericname");
    expect(normalizeHeader("＊通用名").key).toBe("通用名");
  });
  it("ignores characters that show as nothing: zero-width spaces and joiners, a byte-order mark, no-break spaces", () => {
    for (const text of [
      "采购\u200B数量",
      "\uFEFF采购数量",
      "采购数量\u00A0",
      "采\u200D购\u2060数\u00AD量",
      "采购\u200C数量"
    ])
      expect(normalizeHeader(text).key, JSON.stringify(text)).toBe("采购数量");
  });
});

describe("matchHeader", () => {
  it("maps Chinese and English aliases and names the missing required columns", () => {
    const match = matchHeader(agreedVolumes, singleHeaderRow(["序号", "医疗机构编码", "通用名", "规格"]));
    expect(match.matches.map((m) => m.column.name)).toEqual(["hospital_code", "generic_name", "spec"]);
    expect(match.missing).toEqual(["约定采购量（agreed_qty）"]);
  });
  it("reports two file columns that mean the same contract column", () => {
    const match = matchHeader(agreedVolumes, singleHeaderRow(["通用名", "药品通用名", "约定采购量"]));
    expect(match.duplicates).toHaveLength(1);
  });
  it("every alias belongs to one column only within a contract", () => {
    for (const contract of contracts) {
      const seen = new Map<string, string>();
      for (const column of contract.columns) {
        for (const alias of [...column.aliases, ...(column.weakAliases ?? []), ...(column.misspellings ?? [])]) {
          const key = normalizeHeader(alias).key;
          expect(seen.get(key) ?? column.name, `${contract.kind}: ${alias}`).toBe(column.name);
          seen.set(key, column.name);
        }
      }
    }
  });
});

describe("matchHeader on platform headers", () => {
  it("lets a weak alias yield to the unambiguous one and lists what it ignored", () => {
    const match = matchHeader(
      listingPrices,
      singleHeaderRow(["产品编码", "医保编码", "药品名称", "挂网价格", "批准文号", null])
    );
    expect(match.duplicates).toEqual([]);
    expect(match.matches.map((m) => [m.column.name, m.header])).toEqual([
      ["product_code", "医保编码"],
      ["generic_name", "药品名称"],
      ["listed_price", "挂网价格"]
    ]);
    expect(match.ignored).toEqual(["批准文号", "产品编码（让位于“医保编码”）"]);
    // Alone, the weak alias is the code; the province comes from context, so nothing is missing.
    const alone = matchHeader(listingPrices, singleHeaderRow(["产品编码", "药品名称", "挂网价格"]));
    expect(alone.matches[0]!.column.name).toBe("product_code");
    expect(alone.missing).toEqual([]);
  });
  it("reads a known misspelling and says so; a user's mapping comes first", () => {
    const match = matchHeader(nrdl, singleHeaderRow(["通用名", "医保支忖价", "品名"]));
    expect(match.matches.map((m) => m.column.name)).toEqual(["drug_name", "payment_standard"]);
    expect(match.notes).toEqual(["表头“医保支忖价”按“医保支付标准”的常见笔误读取"]);
    const mapped = matchHeader(
      nrdl,
      singleHeaderRow(["通用名", "医保支忖价", "品名"]),
      new Map([["品名", "drug_name"]])
    );
    expect(mapped.matches.map((m) => [m.column.name, m.header])).toEqual([
      ["payment_standard", "医保支忖价"],
      ["drug_name", "品名"]
    ]);
    expect(mapped.ignored).toEqual(["通用名（让位于“品名”）"]);
  });
});

describe("combineHeaderRows", () => {
  it("reads a merged parent over its children", () => {
    const header = combineHeaderRows(["通用名", "中选价格", "中选价格"], ["通用名", "每盒价格", "单位价格"]);
    expect(header).toEqual([["通用名"], ["中选价格每盒价格", "每盒价格"], ["中选价格单位价格", "单位价格"]]);
    const match = matchHeader(batchResults, header);
    expect(match.matches.map((m) => m.column.name)).toEqual(["generic_name", "price_per_pack", "price_per_unit"]);
  });
});

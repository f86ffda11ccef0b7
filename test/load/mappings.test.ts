import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {
  columnShapes,
  letterIndex,
  mappingForSheet,
  MappingError,
  parseMapFlags,
  readMappingFile,
  saveMapping
} from "../../pipelines/load/mappings.js";
import {listingPrices} from "../../pipelines/sources/listing-prices.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir();

describe("parseMapFlags", () => {
  it("reads header texts (normalised) and column letters", () => {
    expect(parseMapFlags(["品 名（元）=generic_name", "挂网价=挂网价格"]).byHeader).toEqual(
      new Map([
        ["品名", "generic_name"],
        ["挂网价", "挂网价格"]
      ])
    );
    expect(parseMapFlags(["B=generic_name", "AA=spec"]).byPosition).toEqual(
      new Map([
        [1, "generic_name"],
        [26, "spec"]
      ])
    );
    expect(letterIndex("XFD")).toBe(16383);
  });
  it("refuses a flag without a field and a mix of headers and letters, in Chinese", () => {
    expect(() => parseMapFlags(["品名"])).toThrow(MappingError);
    expect(() => parseMapFlags(["品名="])).toThrow(/--map '表头=字段'/);
    expect(() => parseMapFlags(["B=spec", "品名=generic_name"])).toThrow(/不能同时按表头和按列字母/);
  });
});

describe("mapping files", () => {
  const headerless = {
    source: "listing-prices",
    match: {columns: 3, shape: ["text", "code", "number"]},
    columns: {A: "generic_name", B: "product_code", C: "listed_price"}
  };

  it("validates a file with zod, naming the field that is wrong", () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({...headerless, columns: {A: "generic_name", D: "挂网价格", B: "价钱"}}));
    expect(() => readMappingFile(file)).toThrow(/映射文件 .*bad\.json 字段 columns\.D：无表头的文件须用列字母/);
    writeFileSync(file, JSON.stringify({...headerless, columns: {A: "价钱"}}));
    expect(() => readMappingFile(file)).toThrow(/字段 columns\.A：“价钱”不是 listing-prices 的字段/);
    writeFileSync(file, "{");
    expect(() => readMappingFile(file)).toThrow(/不是有效的 JSON/);
  });

  it("finds a saved headerless mapping by column count and column shapes, not by the first row's values", () => {
    const file = saveMapping("platform", headerless as never, join(dir, "saved"));
    expect(JSON.parse(readFileSync(file, "utf8")).source).toBe("listing-prices");
    const saved = [readMappingFile(file)];
    const rows = [
      ["阿莫西林胶囊", "XJ01CAA040E001020200600", "9.8"],
      ["头孢呋辛酯片", "9g", "12"]
    ];
    expect(columnShapes(rows, 3)).toEqual(["text", "code", "number"]);
    expect(mappingForSheet({saved}, rows, undefined)?.byPosition).toEqual(
      new Map([
        [0, "generic_name"],
        [1, "product_code"],
        [2, "listed_price"]
      ])
    );
    // A fourth column, or text where the prices were: another template.
    expect(mappingForSheet({saved}, [["阿莫西林胶囊", "X1", "9.8", "备注"]], undefined)).toBeNull();
    expect(mappingForSheet({saved}, [["阿莫西林胶囊", "X1", "面议"]], undefined)).toBeNull();
    // Only for its own source when one is given.
    expect(mappingForSheet({saved}, rows, listingPrices)?.file).toBe(file);
  });

  it("finds a saved header mapping by the header row, wherever it sits among the first rows", () => {
    const file = saveMapping(
      "with-header",
      {source: "listing-prices", match: {header: ["品名", "挂网价（元）"]}, columns: {品名: "generic_name"}},
      join(dir, "saved2")
    );
    const saved = [readMappingFile(file)];
    const found = mappingForSheet(
      {saved},
      [["海南省挂网目录"], ["品名", "挂网价"], ["阿莫西林胶囊", "9.8"]],
      undefined
    );
    expect(found?.byHeader).toEqual(new Map([["品名", "generic_name"]]));
    expect(mappingForSheet({saved}, [["品名", "单价"]], undefined)).toBeNull();
  });

  it("refuses names that would leave the mappings folder", () => {
    expect(() => saveMapping("../x", {} as never, dir)).toThrow(/映射名称/);
  });
});

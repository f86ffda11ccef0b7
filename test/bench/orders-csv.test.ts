import {readdirSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import iconv from "iconv-lite";
import {describe, expect, it} from "vitest";
import {
  concatenateLines,
  orderFilesOf,
  splitCsvLine,
  splitIntoFiles,
  withIsoDates
} from "../../pipelines/bench/orders-csv.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir("jicai-bench-csv-");
const gbk = (name: string, lines: string[]) =>
  writeFileSync(join(dir, name), iconv.encode(`${lines.join("\r\n")}\r\n`, "gbk"));

gbk("华阳市药品耗材采购明细_2025年第1季度.csv", ["订单编号,通用名", "A1,阿莫西林", "A2,头孢"]);
gbk("华阳市药品耗材采购明细_2024年第4季度.csv", ["订单号,通用名称", "Z1,布洛芬"]);
gbk("华阳市药品耗材采购明细_2025年第2季度.csv", ["采购订单号,药品通用名", 'B1,"氯化钠,注射液"', "B2,葡萄糖"]);
writeFileSync(join(dir, "其他.csv"), "x\n");

describe("orders-csv", () => {
  it("finds the quarterly order files in date order", () => {
    expect(orderFilesOf(dir).map((f) => f.slice(dir.length + 1))).toEqual([
      "华阳市药品耗材采购明细_2024年第4季度.csv",
      "华阳市药品耗材采购明细_2025年第1季度.csv",
      "华阳市药品耗材采购明细_2025年第2季度.csv"
    ]);
  });

  it("joins the files into UTF-8 with the first header only and exactly the lines asked for", async () => {
    const target = join(dir, "joined.csv");
    await concatenateLines(orderFilesOf(dir), target, 4, {from: "gb18030", to: "utf8"});
    expect(readFileSync(target, "utf8")).toBe(
      '订单号,通用名称\r\nZ1,布洛芬\r\nA1,阿莫西林\r\nA2,头孢\r\nB1,"氯化钠,注射液"\r\n'
    );
    const back = join(dir, "back-gbk.csv");
    await concatenateLines([target], back, 2, {from: "utf-8", to: "gbk"});
    expect(iconv.decode(readFileSync(back), "gbk")).toBe("订单号,通用名称\r\nZ1,布洛芬\r\nA1,阿莫西林\r\n");
  });

  it("refuses to make a file longer than its sources", async () => {
    await expect(
      concatenateLines(orderFilesOf(dir), join(dir, "long.csv"), 6, {from: "gb18030", to: "utf8"})
    ).rejects.toThrow(/只有 5 行/);
  });

  it("writes every date style of the sample as 2025-01-03 and keeps the other fields as they were", () => {
    expect(withIsoDates('A1,2025年1月3日,2025.1.13,2024/12/3,2025-02-01,"氯化钠,注射液",12.5,')).toBe(
      'A1,2025-01-03,2025-01-13,2024-12-03,2025-02-01,"氯化钠,注射液",12.5,'
    );
    expect(withIsoDates("20250103,2025年1月,1.5")).toBe("20250103,2025年1月,1.5");
  });

  it("splits quoted fields", () => {
    expect(splitCsvLine('B1,"氯化钠,注射液","说""明""",')).toEqual(["B1", "氯化钠,注射液", '说"明"', ""]);
  });

  it("splits the first lines into one-line files, each with the header", async () => {
    const source = join(dir, "split-source.csv");
    writeFileSync(source, "订单号,通用名称\r\nZ1,布洛芬\r\n\r\nA1,阿莫西林\r\nA2,头孢\r\n");
    const target = join(dir, "split");
    await splitIntoFiles(source, target, 2);
    expect(readdirSync(target).sort()).toEqual(["orders-000001.csv", "orders-000002.csv"]);
    expect(readFileSync(join(target, "orders-000002.csv"), "utf8")).toBe("订单号,通用名称\r\nA1,阿莫西林\r\n");
    await expect(splitIntoFiles(source, join(dir, "split-more"), 4)).rejects.toThrow(/不足 4 行/);
  });
});

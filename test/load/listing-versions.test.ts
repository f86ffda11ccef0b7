import {utimesSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {loadFile} from "../../pipelines/load/load-file.js";
import {dateInFileName, listingValidFrom} from "../../pipelines/load/valid-from.js";
import {refreshModels} from "../../pipelines/refresh/refresh-models.js";
import {tempDir} from "../helpers/temp.js";
import {newWarehouse, rows} from "../helpers/warehouse.js";

const dir = tempDir();
const header = "省份,医保编码,通用名,剂型,规格,包装,转换比,生产企业,挂网价格（元）";
const amoxicillin = (price: string) => `江川省,XA01,阿莫西林胶囊,胶囊剂,0.25g,24粒/盒,24,甲制药,${price}`;
const cefuroxime = (price: string) => `江川省,XA02,头孢呋辛酯片,片剂,0.25g,12片/盒,12,乙制药,${price}`;

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join("\r\n") + "\r\n");
  return path;
}

describe("the date a listing file's prices are valid from", () => {
  it("reads the first date a file name carries, in the ways people write it", () => {
    expect(dateInFileName("/x/江川省挂网价格2024年7月1日.xlsx")).toBe("2024-07-01");
    expect(dateInFileName("挂网价格_20240701.csv")).toBe("2024-07-01");
    expect(dateInFileName("挂网价格 2024.7.1.csv")).toBe("2024-07-01");
    expect(dateInFileName("挂网价格2024年7月.xlsx")).toBe("2024-07-01");
    expect(dateInFileName("挂网价格-2024-07.csv")).toBe("2024-07-01");
    // an order number is not a date, nor is a day the calendar lacks
    expect(dateInFileName("导出CG2024070112345.csv")).toBeNull();
    expect(dateInFileName("挂网价格_2024-02-30.csv")).toBeNull();
    expect(dateInFileName("挂网价格.csv")).toBeNull();
  });

  it("takes --as-of first, then the file name, then the file's date", () => {
    const named = write("价格_2025-03-01.csv", [header]);
    const plain = write("价格.csv", [header]);
    utimesSync(plain, new Date(2025, 5, 15, 12), new Date(2025, 5, 15, 12));
    expect(listingValidFrom(named, "2025-04-01")).toEqual({date: "2025-04-01", origin: "option"});
    expect(listingValidFrom(named, undefined)).toEqual({date: "2025-03-01", origin: "file-name"});
    expect(listingValidFrom(plain, undefined)).toEqual({date: "2025-06-15", origin: "file-date"});
  });
});

describe("listing versions", () => {
  it("adds a version beside the first, keeps reloads a no-op, and a same-date file corrects its version", async () => {
    const w = await newWarehouse(dir);
    const january = write("挂网价格_2026-01-01.csv", [header, amoxicillin("12.00"), cefuroxime("30.00")]);
    const [first] = await loadFile(w.conn, january);
    expect(first).toMatchObject({status: "loaded", rows_loaded: 2, rows_replaced: 0});
    expect(first!.message).toContain("价格版本自 2026-01-01 起有效（取自文件名）");

    const april = write("挂网价格_2026-04-01.csv", [header, amoxicillin("13.50"), cefuroxime("30.00")]);
    const [second] = await loadFile(w.conn, april);
    expect(second).toMatchObject({status: "loaded", rows_loaded: 2, rows_replaced: 0});
    const versions = "select generic_name, valid_from::varchar v, listed_price::varchar p from raw_listing_prices";
    const history = [
      {generic_name: "头孢呋辛酯片", v: "2026-01-01", p: "30.000000"},
      {generic_name: "头孢呋辛酯片", v: "2026-04-01", p: "30.000000"},
      {generic_name: "阿莫西林胶囊", v: "2026-01-01", p: "12.000000"},
      {generic_name: "阿莫西林胶囊", v: "2026-04-01", p: "13.500000"}
    ];
    expect(await rows(w, `${versions} order by generic_name, valid_from`)).toEqual(history);

    // reloading the first version changes nothing
    const [again] = await loadFile(w.conn, january);
    expect(again).toMatchObject({status: "unchanged", load_id: first!.load_id});
    expect(await rows(w, `${versions} order by generic_name, valid_from`)).toEqual(history);

    // a corrected April file (named without a date, dated by --as-of) replaces the April version only
    const corrected = write("挂网价格更正.csv", [header, amoxicillin("13.20")]);
    const [fix] = await loadFile(w.conn, corrected, {asOf: "2026-04-01"});
    expect(fix).toMatchObject({status: "loaded", rows_loaded: 1, rows_replaced: 1});
    expect(await rows(w, `${versions} where generic_name = '阿莫西林胶囊' order by valid_from`)).toEqual([
      {generic_name: "阿莫西林胶囊", v: "2026-01-01", p: "12.000000"},
      {generic_name: "阿莫西林胶囊", v: "2026-04-01", p: "13.200000"}
    ]);

    // the listing marts see the latest version; the price history sees the rise from 12.00 to 13.20 (+10 %)
    await refreshModels(w.conn, {asOf: "2026-05-01"});
    expect(
      await rows(w, "select generic_name, listed_price::varchar p from listing_compliance order by generic_name")
    ).toEqual([
      {generic_name: "头孢呋辛酯片", p: "30.000000"},
      {generic_name: "阿莫西林胶囊", p: "13.200000"}
    ]);
    expect(
      await rows(
        w,
        "select generic_name, change_share::varchar s, is_rise_alert from listing_price_changes order by generic_name"
      )
    ).toEqual([
      {generic_name: "头孢呋辛酯片", s: "0.000000", is_rise_alert: false},
      {generic_name: "阿莫西林胶囊", s: "0.100000", is_rise_alert: false}
    ]);
    w.close();
  });

  it("a file downloaded again to the same name adds a version; again on the same date, it corrects that version", async () => {
    const w = await newWarehouse(dir);
    const path = write("平台挂网价格.csv", [header, amoxicillin("12.00"), cefuroxime("30.00")]);
    const [march] = await loadFile(w.conn, path, {asOf: "2026-03-01"});
    expect(march).toMatchObject({status: "loaded", rows_loaded: 2, rows_superseded: 0});
    write("平台挂网价格.csv", [header, amoxicillin("12.60"), cefuroxime("30.00")]);
    const [april] = await loadFile(w.conn, path, {asOf: "2026-04-01"});
    expect(april).toMatchObject({status: "loaded", rows_loaded: 2, rows_superseded: 0});
    const versions = "select generic_name, valid_from::varchar v, listed_price::varchar p from raw_listing_prices";
    expect(await rows(w, `${versions} where generic_name = '阿莫西林胶囊' order by valid_from`)).toEqual([
      {generic_name: "阿莫西林胶囊", v: "2026-03-01", p: "12.000000"},
      {generic_name: "阿莫西林胶囊", v: "2026-04-01", p: "12.600000"}
    ]);
    // the April file corrected (cefuroxime dropped): it supersedes the April load only, March stays
    write("平台挂网价格.csv", [header, amoxicillin("12.40")]);
    const [fix] = await loadFile(w.conn, path, {asOf: "2026-04-01"});
    expect(fix).toMatchObject({status: "loaded", rows_loaded: 1, rows_superseded: 2});
    expect(await rows(w, `${versions} order by generic_name, valid_from`)).toEqual([
      {generic_name: "头孢呋辛酯片", v: "2026-03-01", p: "30.000000"},
      {generic_name: "阿莫西林胶囊", v: "2026-03-01", p: "12.000000"},
      {generic_name: "阿莫西林胶囊", v: "2026-04-01", p: "12.400000"}
    ]);
    expect(await rows(w, `select load_id, status from load_log where file = '${path}' order by load_id`)).toEqual([
      {load_id: march!.load_id, status: "loaded"},
      {load_id: april!.load_id, status: "superseded"},
      {load_id: fix!.load_id, status: "loaded"}
    ]);
    w.close();
  });

  it("reads a 价格生效日期 column, its blank cells taking the file's date", async () => {
    const w = await newWarehouse(dir);
    const file = write("挂网价格_2026-02-01.csv", [
      `${header},价格生效日期`,
      `${amoxicillin("12.00")},2026-01-15`,
      `${cefuroxime("30.00")},`
    ]);
    const [result] = await loadFile(w.conn, file);
    expect(result).toMatchObject({status: "loaded", rows_loaded: 2});
    expect(result!.message).toContain("价格生效日期取自文件的“价格生效日期”列，空白的按 2026-02-01");
    expect(
      await rows(w, "select generic_name, valid_from::varchar v from raw_listing_prices order by generic_name")
    ).toEqual([
      {generic_name: "头孢呋辛酯片", v: "2026-02-01"},
      {generic_name: "阿莫西林胶囊", v: "2026-01-15"}
    ]);
    w.close();
  });
});

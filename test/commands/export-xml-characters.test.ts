import {writeFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {xlsxText} from "../../pipelines/export/write-xlsx.js";
import {openWarehouse} from "../../pipelines/warehouse/open.js";
import {jicai} from "../helpers/cli.js";
import {libreOfficeSheets} from "../helpers/libreoffice.js";
import {tempDir} from "../helpers/temp.js";

/**
 * Characters XML cannot carry, in names a warehouse holds (loaded before the loader refused them): `jicai
 * export` must still write a workbook that real LibreOffice reads to the last row. One U+FFFE used to cost
 * every row after it. A name holding `_x0041_` reads back as written in LibreOffice.
 */

const listingHeader = "省份,医保编码,通用名,剂型,规格,包装,转换比,生产企业,挂网价格（元）,全国最低价（元）,挂网状态";
const listings = 283;
const hostile = ["\u0000", "\u0007", "\u000b", "\u000c", "\u001b", "\u001f", "\ufffe", "\uffff"];
/** What a cell shows of a name: the characters XML cannot carry are gone. */
const shown = (name: string) => name.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");

describe("jicai export with characters XML cannot carry", () => {
  const dir = tempDir("jicai-xmlchars-");
  const db = join(dir, "w.duckdb");

  it(`writes all ${listings} rows so that LibreOffice reads every one, the characters dropped`, async () => {
    const lines = Array.from(
      {length: listings},
      (_, i) =>
        `江川省,XC${String(i).padStart(4, "0")},测试药品${i === 7 ? "_x0041_" : ""}${i}号,片剂,5mg,7片/盒,7,华阳制药,${(3 + i / 100).toFixed(2)},3.00,挂网`
    );
    writeFileSync(join(dir, "listing.csv"), [listingHeader, ...lines].join("\r\n") + "\r\n");
    const load = jicai(["load", join(dir, "listing.csv"), "--db", db, "--json"]);
    expect(load.status, load.stderr).toBe(0);

    // As a warehouse loaded before such characters were refused holds them.
    const w = await openWarehouse(db);
    for (const [k, character] of hostile.entries()) {
      await w.conn.run("update raw_listing_prices set generic_name = $1 where product_code = $2", [
        `测试${character}药品${k * 30 + 5}号`,
        `XC${String(k * 30 + 5).padStart(4, "0")}`
      ]);
    }
    w.close();
    expect(jicai(["refresh", "--full", "--db", db]).status).toBe(0);

    const file = join(dir, "listing_compliance.xlsx");
    const exported = jicai(["export", "listing_compliance", "--out", file, "--db", db]);
    expect(exported.status, exported.stderr).toBe(0);
    const check = await openWarehouse(db, {readOnly: true});
    const names = (await check.conn.runAndReadAll("select generic_name from listing_compliance order by 1"))
      .getRows()
      .map((r) => String(r[0]));
    check.close();
    expect(names).toHaveLength(listings);
    expect(names.filter((n) => hostile.some((c) => n.includes(c)))).toHaveLength(hostile.length);

    const sheet = [...libreOfficeSheets([file], join(dir, "lo")).get("listing_compliance.xlsx")!.values()][0]!;
    expect(sheet).toHaveLength(listings + 1);
    const column = sheet[0]!.indexOf("通用名");
    expect(
      sheet
        .slice(1)
        .map((row) => row[column]!)
        .sort()
    ).toEqual(names.map(shown).sort());
    expect(names.map(shown)).toContain("测试药品245号");
    expect(sheet.slice(1).map((row) => row[column])).toContain("测试药品_x0041_7号");
  }, 300_000);

  it("drops only what XML cannot carry", () => {
    expect(xlsxText("阿莫西林\u0000胶囊\ufffe\t换行\n_x0041_\u007f")).toBe("阿莫西林胶囊\t换行\n_x0041_\u007f");
  });
});

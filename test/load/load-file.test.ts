import {writeFileSync} from "node:fs";
import {join} from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import {describe, expect, it} from "vitest";
import {loadFile} from "../../pipelines/load/load-file.js";
import {listingPrices} from "../../pipelines/sources/listing-prices.js";
import {tempDir} from "../helpers/temp.js";
import {newWarehouse, rows} from "../helpers/warehouse.js";

const dir = tempDir();

function write(name: string, lines: string[], encoding: "utf8" | "gbk" | "utf8-bom" | "utf16le" = "utf8"): string {
  const path = join(dir, name);
  const text = lines.join("\r\n") + "\r\n";
  if (encoding === "gbk") writeFileSync(path, iconv.encode(text, "gbk"));
  else if (encoding === "utf16le") writeFileSync(path, iconv.encode(text, "utf16le", {addBOM: true}));
  else writeFileSync(path, (encoding === "utf8-bom" ? "\uFEFF" : "") + text);
  return path;
}

const listingHeader = "省份,医保编码,通用名,剂型,规格,包装,转换比,生产企业,挂网价格（元）,全国最低价（元）,挂网状态";

describe("loadFile", () => {
  it("loads a GBK CSV under title rows, accounting for every row", async () => {
    const w = await newWarehouse(dir);
    const file = write(
      "orders.csv",
      [
        "华阳市医保局 平台采购明细",
        "订单编号,订单明细号,医疗机构编码,通用名,采购数量,采购价格（元）,采购金额（元）,订单日期,采购方式",
        "PO1,1,H001,阿莫西林胶囊,10,5.20,52.00,2024年3月1日,带量",
        "PO1,2,H001,头孢呋辛酯片,二十,3.1,62,2024.3.1,挂网",
        "PO2,1,H002,阿莫西林胶囊,１０,5.20,52.00,45352,集采",
        ",,,,,,,,",
        "PO3,1,H003,阿莫西林胶囊,10,5.20,52.00,2024-13-01,带量"
      ],
      "gbk"
    );
    const [result] = await loadFile(w.conn, file);
    expect(result).toMatchObject({source: "orders", status: "loaded", rows_read: 4, rows_loaded: 2, rows_rejected: 2});
    expect(await rows(w, "select source_row, column_name, value, reason from rejects order by source_row")).toEqual([
      {source_row: 4, column_name: "qty", value: "二十", reason: "不是有效的数字"},
      {source_row: 7, column_name: "order_date", value: "2024-13-01", reason: "不是有效的日期"}
    ]);
    expect(
      await rows(
        w,
        "select order_id, qty::varchar q, order_date::varchar d, channel from raw_orders order by source_row"
      )
    ).toEqual([
      {order_id: "PO1", q: "10.000000", d: "2024-03-01", channel: "带量"},
      {order_id: "PO2", q: "10.000000", d: "2024-03-01", channel: "带量"}
    ]);
    w.close();
  });

  it("cleans a cell that only a row far below the first rows makes dirty, and a number only that row spells out", async () => {
    const w = await newWarehouse(dir);
    const line = (i: number, name: string, qty: string) => `PO${i},1,H001,${name},${qty},5.20,52.00,2024-03-01,带量`;
    const lines = Array.from({length: 3000}, (_, i) => line(i + 1, "阿莫西林胶囊", "10"));
    lines[2500] = line(2501, "阿莫西林胶囊（基药）", "１０");
    const file = write("late-dirty.csv", [
      "订单编号,订单明细号,医疗机构编码,通用名,采购数量,采购价格（元）,采购金额（元）,订单日期,采购方式",
      ...lines
    ]);
    const [result] = await loadFile(w.conn, file);
    expect(result).toMatchObject({rows_read: 3000, rows_loaded: 3000, rows_rejected: 0});
    expect(await rows(w, "select generic_name, qty::varchar as qty from raw_orders where order_id = 'PO2501'")).toEqual(
      [{generic_name: "阿莫西林胶囊(基药)", qty: "10.000000"}]
    );
    w.close();
  });

  it("reads UTF-8 with BOM and UTF-16 the same way", async () => {
    const lines = [listingHeader, "江川省,XA01,阿莫西林胶囊,胶囊剂,0.25g,24粒/盒,24,甲制药,12.00,—,挂网"];
    for (const encoding of ["utf8-bom", "utf16le"] as const) {
      const w = await newWarehouse(dir);
      const [result] = await loadFile(w.conn, write(`listing-${encoding}.csv`, lines, encoding));
      expect(result).toMatchObject({source: "listing-prices", rows_loaded: 1, rows_rejected: 0});
      expect(await rows(w, "select province, national_lowest from raw_listing_prices")).toEqual([
        {province: "江川省", national_lowest: null}
      ]);
      w.close();
    }
  });

  it("multiplies 万 units from the header and splits a combined generic name and form", async () => {
    const w = await newWarehouse(dir);
    const file = write("volumes.csv", [
      "批次,医疗机构编码,品种名称,规格,约定采购量（万片）",
      "第七批国家组织药品集采,H001,阿托伐他汀口服常释剂型,10mg,1.25"
    ]);
    await loadFile(w.conn, file);
    expect(
      await rows(w, "select generic_name, dosage_form, agreed_qty::varchar q, year_index from raw_agreed_volumes")
    ).toEqual([{generic_name: "阿托伐他汀", dosage_form: "口服常释剂型", q: "12500.000000", year_index: 1}]);
    w.close();
  });

  it("rejects a 万 in the cell when the header already says 万, naming the header", async () => {
    const w = await newWarehouse(dir);
    const file = write("volumes-double-unit.csv", [
      "批次,医疗机构编码,品种名称,规格,约定采购量（万片）",
      "第七批国家组织药品集采,H001,阿托伐他汀钙片,10mg,1.2万",
      "第七批国家组织药品集采,H002,阿托伐他汀钙片,10mg,1.2"
    ]);
    const [result] = await loadFile(w.conn, file);
    expect(result).toMatchObject({rows_read: 2, rows_loaded: 1, rows_rejected: 1});
    expect(await rows(w, "select source_row, column_name, value, reason from rejects")).toEqual([
      {
        source_row: 2,
        column_name: "agreed_qty",
        value: "1.2万",
        reason: "列标题“约定采购量（万片）”已带单位，单元格又写了“万”或“亿”，数值无法确定"
      }
    ]);
    expect(await rows(w, "select hospital_code, agreed_qty::varchar q from raw_agreed_volumes")).toEqual([
      {hospital_code: "H002", q: "12000.000000"}
    ]);
    w.close();
  });

  it("loads a sheet with a stray cell in Excel's last column, reporting the cell instead of reading 16 384 columns", async () => {
    const w = await newWarehouse(dir);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("约定量");
    sheet.addRow(["批次", "医疗机构编码", "通用名", "规格", "约定采购量"]);
    for (let i = 1; i <= 200; i++)
      sheet.addRow(["第七批国家组织药品集采", `H${String(i).padStart(3, "0")}`, "阿托伐他汀钙片", "10mg", 1000 + i]);
    sheet.getCell("XFD5").value = "误输入";
    sheet.getCell("XFD9").value = "误输入";
    const file = join(dir, "stray-cell.xlsx");
    await workbook.xlsx.writeFile(file);
    const [result] = await loadFile(w.conn, file);
    const note = "已忽略 2 个超出第 1024 列的单元格（第一个在第 5 行第 16384 列（XFD）），没有表头列能对应这么远的位置";
    expect(result).toMatchObject({status: "loaded", rows_read: 200, rows_loaded: 200, rows_rejected: 0, message: note});
    expect(await rows(w, "select message from load_log")).toEqual([{message: note}]);
    w.close();
  });

  it("cleans a batch given by --batch like a cell", async () => {
    const w = await newWarehouse(dir);
    const file = write("volumes-nobatch.csv", ["医疗机构编码,通用名,规格,约定采购量", "H001,阿莫西林胶囊,0.25g,1000"]);
    const [result] = await loadFile(w.conn, file, {batch: " 接续采购（江川省） "});
    expect(result).toMatchObject({status: "loaded", rows_loaded: 1});
    expect(await rows(w, "select batch from raw_agreed_volumes")).toEqual([{batch: "接续采购(江川省)"}]);
    w.close();
  });

  it("reports identical content as unchanged and changes nothing", async () => {
    const w = await newWarehouse(dir);
    const file = write("listing-a.csv", [
      listingHeader,
      "江川省,XA01,阿莫西林胶囊,胶囊剂,0.25g,24粒/盒,24,甲制药,12.00,8,挂网"
    ]);
    const [first] = await loadFile(w.conn, file);
    const copy = write("listing-a-copy.csv", [
      listingHeader,
      "江川省,XA01,阿莫西林胶囊,胶囊剂,0.25g,24粒/盒,24,甲制药,12.00,8,挂网"
    ]);
    const [second] = await loadFile(w.conn, copy);
    expect(second).toMatchObject({status: "unchanged", load_id: first!.load_id, rows_loaded: 1});
    expect(await rows(w, "select count(*)::int n from load_log")).toEqual([{n: 1}]);
    expect(await rows(w, "select count(*)::int n from raw_listing_prices")).toEqual([{n: 1}]);
    w.close();
  });

  it("replaces rows with the same natural key from a corrected file and says how many", async () => {
    const w = await newWarehouse(dir);
    await loadFile(
      w.conn,
      write("listing-v1.csv", [
        listingHeader,
        "江川省,XA01,阿莫西林胶囊,胶囊剂,0.25g,24粒/盒,24,甲制药,12.00,8,挂网",
        "江川省,XA02,头孢呋辛酯片,片剂,0.25g,12片/盒,12,乙制药,30.00,20,挂网"
      ])
    );
    const [corrected] = await loadFile(
      w.conn,
      write("listing-v2.csv", [listingHeader, "江川省,XA01,阿莫西林胶囊,胶囊剂,0.25g,24粒/盒,24,甲制药,11.50,8,挂网"])
    );
    expect(corrected).toMatchObject({status: "loaded", rows_loaded: 1, rows_replaced: 1});
    expect(
      await rows(w, "select generic_name, listed_price::varchar p from raw_listing_prices order by generic_name")
    ).toEqual([
      {generic_name: "头孢呋辛酯片", p: "30.000000"},
      {generic_name: "阿莫西林胶囊", p: "11.500000"}
    ]);
    // The first file is no longer entirely current, so loading it again restores its rows: it supersedes its own
    // earlier load (the row still current) and replaces the corrected row by key.
    const [again] = await loadFile(w.conn, join(dir, "listing-v1.csv"));
    expect(again).toMatchObject({status: "loaded", rows_replaced: 1, rows_superseded: 1});
    w.close();
  });

  it("refuses a file lacking a required column, naming it, and leaves the warehouse as it was", async () => {
    const w = await newWarehouse(dir);
    const [result] = await loadFile(
      w.conn,
      write("no-price.csv", ["省份,通用名,剂型,规格,生产企业", "江川省,阿莫西林胶囊,胶囊剂,0.25g,甲制药"])
    );
    expect(result!.status).toBe("failed");
    expect(result!.message).toContain("挂网价格（listed_price）");
    expect(await rows(w, "select count(*)::int n from raw_listing_prices")).toEqual([{n: 0}]);
    expect(await rows(w, "select status, file_name from load_log")).toEqual([
      {status: "failed", file_name: "no-price.csv"}
    ]);
    w.close();
  });

  it("refuses a file that matches no source", async () => {
    const w = await newWarehouse(dir);
    const [result] = await loadFile(w.conn, write("notes.csv", ["会议纪要,日期", "讨论集采,2024-01-01"]));
    expect(result).toMatchObject({status: "failed"});
    expect(result!.message).toContain("无法识别数据来源");
    w.close();
  });

  it("honours --source and rejects values outside an enumeration and duplicate keys", async () => {
    const w = await newWarehouse(dir);
    const [result] = await loadFile(
      w.conn,
      write("forced.csv", [
        "省份,通用名,生产企业,挂网价格,产品类别",
        "江川省,冠脉支架,丙医疗,590,耗材",
        "江川省,冠脉支架,丙医疗,600,耗材",
        "江川省,骨科螺钉,丁医疗,20,器械"
      ]),
      {source: listingPrices}
    );
    expect(result).toMatchObject({rows_read: 3, rows_loaded: 1, rows_rejected: 2});
    const reasons = (await rows(w, "select reason from rejects order by source_row")).map((r) => r.reason);
    expect(reasons[0]).toBe("与第 2 行重复：“省份”、“通用名”、“生产企业”、价格生效日期（整个文件相同） 都相同");
    expect(reasons[1]).toContain("取值不在允许范围内");
    w.close();
  });
});

import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {beforeEach, describe, expect, it} from "vitest";
import {FileError, type Grid} from "../../pipelines/read/types.js";
import {readXlsx} from "../../pipelines/read/xlsx.js";
import {minimalWorkbook} from "../fixtures/xlsx/minimal-workbook.js";
import {writeZip, zipLayout} from "../fixtures/xlsx/zip.js";
import {tempDir} from "../helpers/temp.js";

const fixtures = fileURLToPath(new URL("../fixtures/xlsx/", import.meta.url));
const fixture = (name: string) => join(fixtures, name);

let conn: DuckDBConnection;
beforeEach(async () => {
  conn = await (await DuckDBInstance.create(":memory:")).connect();
});

/** Every row of a grid as [source_row, c0, c1, …]. */
async function gridRows(grid: Grid): Promise<(string | number | null)[][]> {
  const result = await conn.runAndReadAll(`select * from ${grid.table} order by source_row`);
  return result
    .getRowsJS()
    .map((row) => row.map((v) => (typeof v === "bigint" ? Number(v) : (v as string | number | null))));
}

async function tempTables(): Promise<string[]> {
  const result = await conn.runAndReadAll("select table_name from duckdb_tables() where temporary order by table_name");
  return result.getRowsJS().map((row) => String(row[0]));
}

async function readError(file: string): Promise<FileError> {
  const error = await readXlsx(conn, file, {tablePrefix: "bad"}).then(
    () => null,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(FileError);
  return error as FileError;
}

describe("readXlsx: sheet layout", () => {
  it("keeps title rows, fills horizontal and vertical merges, skips empty rows and widens for a late wide row", async () => {
    const grids = await readXlsx(conn, fixture("layout.xlsx"), {tablePrefix: "layout"});
    expect(grids).toEqual([{sheet: "第十批中选结果", table: "layout_s0", columnCount: 8, controlCharacters: false}]);
    const title = "第十批国家组织药品集中采购中选结果";
    expect(await gridRows(grids[0]!)).toEqual([
      // A1:F1 is merged: the title repeats across its six columns.
      [1, title, title, title, title, title, title, null, null],
      [2, "数据来源：国家组织药品联合采购办公室", null, null, null, null, null, null, null],
      // Two-row header: 中选价格（元） spans 每盒 and 最小单位; 批次/通用名/规格/中选企业 span both rows.
      [4, "批次", "通用名", "规格", "中选价格（元）", "中选价格（元）", "中选企业", null, null],
      [5, "批次", "通用名", "规格", "每盒", "最小单位", "中选企业", null, null],
      // 批次 is merged down A6:A8, 通用名 down B6:B7.
      [6, "第十批", "阿托伐他汀钙片", "10mg", "3.9", "0.13", "甲制药", null, null],
      [7, "第十批", "阿托伐他汀钙片", "20mg", "6.5", "0.2167", "甲制药", null, null],
      [8, "第十批", "氨氯地平片", "5mg", "1.1", "0.0786", "乙药业", null, null],
      // Rows 9 (blank) and 11 (formatted, no value) are not in the grid; numbering is Excel's.
      [10, "第十批", "二甲双胍缓释片", "0.5g", "4.5", "0.15", "丙药厂", null, null],
      [12, "注：", null, null, null, null, null, null, "价格含税"]
    ]);
  });

  it("widens the table when a wider row arrives after rows already appended", async () => {
    const [grid] = await readXlsx(conn, fixture("wide-late.xlsx"), {tablePrefix: "wide"});
    expect(grid!.columnCount).toBe(5);
    const summary = await conn.runAndReadAll(
      `select count(*)::int, sum(c0::int)::int, count(c2)::int, count(c4)::int, max(source_row)::int from ${grid!.table} where source_row > 1`
    );
    expect(summary.getRowsJS()[0]).toEqual([1501, (1500 * 1501) / 2, 0, 1, 1502]);
    const last = await conn.runAndReadAll(`select * from ${grid!.table} where source_row = 1502`);
    expect(last.getRowsJS()[0]).toEqual([1502, null, null, null, null, "合计"]);
  });
});

/** Rows of values.xlsx: [row, label, text]. */
const expectedValues = [
  [1, "类型", "值"],
  [2, "整数", "42"],
  [3, "小数", "12.34"],
  [4, "浮点误差", "0.3"],
  [5, "十二位整数", "123456789012"],
  [6, "十七位整数", "12345678901234600"],
  [7, "很小的数", "0.0000001"],
  [8, "负数", "-5.5"],
  [9, "百分比格式", "0.56"],
  [10, "千分位格式", "1234567.5"],
  [11, "日期", "2024-03-01"],
  [12, "日期时间", "2024-03-01 13:30:05"],
  [13, "中文日期格式", "2023-12-31"],
  [14, "默认日期格式", "2025-01-15"],
  [15, "无格式日期序号", "45352"],
  [16, "文本日期", "2024.1.1"],
  [17, "全角数字", "１２３，４５"],
  [18, "前后空格", "  阿莫西林  "],
  [19, "换行", "第一行\n第二行"],
  [20, "特殊字符", 'a & <b> "c"'],
  [21, "公式", "84"],
  [22, "浮点误差公式", "0.3"],
  [23, "文本公式", "42盒"],
  [24, "日期公式", "2024-05-01"],
  [25, "共享公式", "43"],
  [26, "共享公式2", "13.34"],
  // A shared formula without a cached result shows its group's formula text, so validation rejects it visibly.
  [27, "共享公式无缓存", "=B2+1"],
  [28, "无缓存公式", "=SUM(B2:B3)"],
  [29, "富文本", "阿托伐他汀钙片"],
  [30, "超链接", "国家医保局"],
  [31, "真", "true"],
  [32, "假", "false"],
  [33, "错误值", "#N/A"],
  [34, "除零", "#DIV/0!"],
  [35, "空字符串", null]
];

describe("readXlsx: cell values", () => {
  it("turns every kind of cell into the text Excel shows", async () => {
    const grids = await readXlsx(conn, fixture("values.xlsx"), {tablePrefix: "values"});
    expect(grids).toEqual([{sheet: "取值", table: "values_s0", columnCount: 2, controlCharacters: false}]);
    expect(await gridRows(grids[0]!)).toEqual(expectedValues);
  });

  it.each(["values-libreoffice-order.xlsx", "values-styles-last.xlsx"])(
    "reads the same values whatever the zip part order (%s)",
    async (name) => {
      const grids = await readXlsx(conn, fixture(name), {tablePrefix: "order"});
      expect(await gridRows(grids[0]!)).toEqual(expectedValues);
    }
  );

  it("reads sheets written by other producers: inline strings, prefixes, no references, 1904 dates, XML corners", async () => {
    const grids = await readXlsx(conn, fixture("other-producer.xlsx"), {tablePrefix: "other"});
    expect(grids).toEqual([{sheet: "导出数据", table: "other_s0", columnCount: 6, controlCharacters: false}]);
    expect(await gridRows(grids[0]!)).toEqual([
      [1, "类型", "值", null, null, null, null],
      // The phonetic run (rPh) is not part of the text; the preserved trailing space is.
      [2, "富文本", "阿托伐他汀 ", null, null, null, null],
      [3, "实体", '<b> & 中文 "q"', null, null, null, null],
      [4, "CDATA", "a<b>&c", null, null, null, null],
      [5, "转义", "第一行\r\n第二行 _x0041_", null, null, null, null],
      [6, "ISO日期", "2024-03-01", "2024-03-01 08:30:00", null, null, null],
      [7, "1904序号0", "1904-01-01", null, null, null, null],
      [8, "内置中文日期", "2024-01-01", "2027-03-16", null, null, null],
      [9, "自定义日期时间", "2024-01-01 18:00:00", null, null, null, null],
      [10, "带文字的数字格式", "12.5", null, null, null, null],
      [11, "数字写法", "1", "0.0000001", "0.3", "12345678901234600", "0"],
      [12, "文本公式", "a&", null, null, null, null],
      [14, "false", null, null, "#DIV/0!", null, null],
      [15, "属性含>", null, null, null, null, null],
      [18, null, "末行", null, null, null, null]
    ]);
  });
});

describe("readXlsx: workbooks", () => {
  it("gives one grid per visible non-empty sheet, in tab order", async () => {
    const grids = await readXlsx(conn, fixture("multi-sheet.xlsx"), {tablePrefix: "multi"});
    // 空表 is empty; 字典 (hidden) and 选项 (very hidden) are skipped.
    expect(grids.map((g) => [g.sheet, g.columnCount])).toEqual([
      ["医院名单", 2],
      ["品种目录", 2]
    ]);
    expect(await gridRows(grids[0]!)).toEqual([
      [1, "医疗机构编码", "机构名称"],
      [2, "H11010100001", "北京协和医院"],
      [3, "H11010100002", "北京医院"]
    ]);
    expect(await gridRows(grids[1]!)).toEqual([
      [1, "通用名", "剂型"],
      [2, "阿托伐他汀", "片剂"]
    ]);
    expect(await tempTables()).toEqual(grids.map((g) => g.table).sort());
  });

  const dir = tempDir("jicai-xlsx-");
  const rowCount = 60_000;
  let bigSheetXml: string | null = null;
  const bigSheet = () => (bigSheetXml ??= makeBigSheet());
  const makeBigSheet = () => {
    const rows: string[] = [];
    for (let r = 1; r <= rowCount; r++)
      rows.push(
        `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>行${r}</t></is></c><c r="B${r}"><v>${r}.25</v></c></row>`
      );
    return `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join("")}</sheetData></worksheet>`;
  };

  it("streams a large sheet in chunks and reports progress every 50 000 rows", async () => {
    const file = join(dir, "big.xlsx");
    writeFileSync(file, writeZip(minimalWorkbook([{name: "大表", xml: bigSheet()}], {sharedStrings: true})));
    const progress: number[] = [];
    const [grid] = await readXlsx(conn, file, {tablePrefix: "big", onProgress: (rows) => progress.push(rows)});
    expect(progress).toHaveLength(1);
    expect(progress[0]).toBeGreaterThanOrEqual(50_000);
    expect(progress[0]).toBeLessThan(rowCount);
    const summary = await conn.runAndReadAll(
      `select count(*)::int, sum(c1::decimal(18,2))::varchar, max(c0) filter (where source_row = ${rowCount}) from ${grid!.table}`
    );
    expect(summary.getRowsJS()[0]).toEqual([
      rowCount,
      String((rowCount * (rowCount + 1)) / 2 + rowCount * 0.25) + ".00",
      `行${rowCount}`
    ]);
  });

  it("fails cleanly, without hanging, when the file ends in the middle of a sheet's bytes", async () => {
    const good = writeZip(minimalWorkbook([{name: "大表", xml: bigSheet()}], {sharedStrings: true}));
    const sheet = zipLayout(good).find((part) => part.name === "xl/worksheets/sheet1.xml")!;
    const file = join(dir, "big-cut.xlsx");
    writeFileSync(file, good.subarray(0, sheet.dataStart + Math.floor((sheet.dataEnd - sheet.dataStart) * 0.9)));
    const error = await readXlsx(conn, file, {tablePrefix: "cut"}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).message).toMatch(/^无法读取 Excel 文件：文件已损坏或不完整/);
    expect(await tempTables()).toEqual([]);
  });

  it("closes the appender and drops the half-written grid when sheet XML breaks off after 55 000 rows", async () => {
    const xml = bigSheet();
    const cutAt = xml.indexOf(`<row r="55001">`);
    const file = join(dir, "big-unfinished.xlsx");
    writeFileSync(file, writeZip(minimalWorkbook([{name: "大表", xml: xml.slice(0, cutAt)}], {sharedStrings: true})));
    const progress: number[] = [];
    const error = await readXlsx(conn, file, {
      tablePrefix: "unfinished",
      onProgress: (rows) => progress.push(rows)
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).message).toBe("无法读取 Excel 文件：文件已损坏或不完整（工作表“大表”）");
    expect((error as FileError).sheet).toBe("大表");
    expect(progress).toHaveLength(1); // more than 50 000 rows had gone through the appender
    expect(await tempTables()).toEqual([]);
  });
});

describe("readXlsx: workbook structure from other writers", () => {
  const dir = tempDir("jicai-xlsx-parts-");
  const sheetXml = (text: string) =>
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row></sheetData></worksheet>`;

  it("finds sheet names and visibility when relationships use absolute targets", async () => {
    const file = join(dir, "absolute.xlsx");
    const sheets = [
      {name: "第九批", xml: sheetXml("数据")},
      {name: "隐藏", xml: sheetXml("旧数据"), state: "hidden" as const}
    ];
    writeFileSync(file, writeZip(minimalWorkbook(sheets, {absoluteTargets: true})));
    const grids = await readXlsx(conn, file, {tablePrefix: "abs"});
    expect(grids.map((g) => g.sheet)).toEqual(["第九批"]);
    expect(await gridRows(grids[0]!)).toEqual([[1, "数据"]]);
  });

  it("reads a worksheet stored under any part name, and every small sheet of a workbook without shared strings", async () => {
    // exceljs's forward-only reader skipped parts not named sheetN.xml and could lose the last small parts.
    const file = join(dir, "odd-part.xlsx");
    const sheets = [
      {name: "医院", xml: sheetXml("a")},
      {name: "订单", xml: sheetXml("b"), part: "xl/worksheets/orders.xml"},
      {name: "品种", xml: sheetXml("c")}
    ];
    writeFileSync(file, writeZip(minimalWorkbook(sheets)));
    const grids = await readXlsx(conn, file, {tablePrefix: "odd"});
    expect(grids.map((g) => [g.sheet, g.table])).toEqual([
      ["医院", "odd_s0"],
      ["订单", "odd_s1"],
      ["品种", "odd_s2"]
    ]);
    expect(await gridRows(grids[1]!)).toEqual([[1, "b"]]);
  });

  it("refuses, naming it, a sheet whose part is missing from the zip", async () => {
    const file = join(dir, "missing-part.xlsx");
    const parts = minimalWorkbook([
      {name: "医院", xml: sheetXml("a")},
      {name: "订单", xml: sheetXml("b")}
    ]).filter((part) => part.name !== "xl/worksheets/sheet2.xml");
    writeFileSync(file, writeZip(parts));
    const error = await readError(file);
    expect(error.sheet).toBe("订单");
    expect(error.message).toBe("无法读取 Excel 文件：文件已损坏或不完整（工作表“订单”的数据缺失）");
    expect(await tempTables()).toEqual([]);
  });

  it("refuses a sheet whose compressed bytes are damaged", async () => {
    const good = readFileSync(fixture("values.xlsx"));
    const sheet = zipLayout(good).find((part) => part.name === "xl/worksheets/sheet1.xml")!;
    const bad = Buffer.from(good);
    for (let i = sheet.dataStart + 200; i < sheet.dataStart + 260; i++) bad[i] = bad[i]! ^ 0x5a;
    const file = join(dir, "bit-rot.xlsx");
    writeFileSync(file, bad);
    const error = await readError(file);
    expect(error.message).toBe("无法读取 Excel 文件：文件已损坏或不完整（工作表“取值”）");
    expect(await tempTables()).toEqual([]);
  });
});

describe("readXlsx: files it refuses", () => {
  it.each([
    ["truncated.xlsx", /^无法读取 Excel 文件：文件已损坏或不完整/],
    ["garbage-sheet.xlsx", /^无法读取 Excel 文件：文件已损坏或不完整（工作表“取值”）$/],
    ["unfinished-sheet-xml.xlsx", /^无法读取 Excel 文件：文件已损坏或不完整（工作表“取值”）$/],
    ["not-a-workbook.xlsx", /不是 Excel 工作簿/],
    ["old-binary-xls.xlsx", /旧版 \.xls 文件.*另存为 \.xlsx/],
    ["html-export.xlsx", /网页（HTML）或 XML 表格/],
    ["plain-text.xlsx", /^无法读取 Excel 文件：文件已损坏或不是 \.xlsx 格式$/],
    ["empty.xlsx", /文件为空/],
    ["no-such-file.xlsx", /找不到文件/]
  ])("%s → FileError %s, nothing left behind", async (name, message) => {
    const error = await readError(fixture(name));
    expect(error.file).toBe(fixture(name));
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\n|Error|FILE_ENDED|signature/);
    expect(await tempTables()).toEqual([]);
  });

  it("drops the grid of a sheet already read when a later sheet turns out broken", async () => {
    const error = await readError(fixture("multi-sheet-second-broken.xlsx"));
    expect(error.sheet).toBe("品种目录");
    expect(error.message).toBe("无法读取 Excel 文件：文件已损坏或不完整（工作表“品种目录”）");
    expect(await tempTables()).toEqual([]);
  });

  it("names the sheet whose XML is broken", async () => {
    const error = await readError(fixture("garbage-sheet.xlsx"));
    expect(error.sheet).toBe("取值");
  });
});

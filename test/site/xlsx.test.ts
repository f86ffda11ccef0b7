import ExcelJS from "exceljs";
import {describe, expect, it} from "vitest";
import {columnLetters, escapeXml, safeSheetName, toXlsx} from "../../src/components/xlsx.js";
import {crc32, zipStore} from "../../src/components/zip.js";

async function readSheet(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow({includeEmpty: true}, (row) => rows.push((row.values as unknown[]).slice(1)));
  return {sheet, rows};
}

describe("zipStore", () => {
  it("computes the standard CRC-32 check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("writes an archive whose end record points at every entry", () => {
    const zip = zipStore([
      {name: "a.txt", data: new TextEncoder().encode("hello")},
      {name: "目录/b.txt", data: new Uint8Array([1, 2, 3])}
    ]);
    const view = new DataView(zip.buffer);
    const end = zip.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint16(end + 10, true)).toBe(2);
    const centralStart = view.getUint32(end + 16, true);
    expect(view.getUint32(centralStart, true)).toBe(0x02014b50);
    // the second central entry's local header offset leads to its name
    const secondCentral = centralStart + 46 + "a.txt".length;
    const secondLocal = view.getUint32(secondCentral + 42, true);
    const nameLength = view.getUint16(secondLocal + 26, true);
    expect(new TextDecoder().decode(zip.subarray(secondLocal + 30, secondLocal + 30 + nameLength))).toBe("目录/b.txt");
  });
});

describe("toXlsx", () => {
  const columns = [
    {key: "name", label: "名称"},
    {key: "price", label: "价格（元）"},
    {key: "ok", label: "合规"},
    {key: "note", label: "备注"}
  ] as const;
  type Row = {name: string; price: number | null; ok: boolean; note: string | null};

  it("parses back in exceljs to the same header and rows, numbers as numbers", async () => {
    const rows: Row[] = [
      {name: "阿托伐他汀钙片", price: 12.3, ok: true, note: null},
      {name: 'A&B <C> "D"', price: -0.5, ok: false, note: "多行\n文本"}
    ];
    const {rows: read, sheet} = await readSheet(toXlsx(rows, [...columns], {sheetName: "挂网超限"}));
    expect(sheet.name).toBe("挂网超限");
    expect(read).toEqual([
      ["名称", "价格（元）", "合规", "备注"],
      ["阿托伐他汀钙片", 12.3, "是"], // an empty cell is not written
      ['A&B <C> "D"', -0.5, "否", "多行\n文本"]
    ]);
    expect(sheet.getCell("A1").font?.bold).toBe(true);
    expect(sheet.getCell("A2").font?.bold).toBeFalsy();
    expect(sheet.views[0]).toMatchObject({state: "frozen", ySplit: 1});
  });

  it("keeps formulas and markup as inert text", async () => {
    const rows: Row[] = [
      {name: '=HYPERLINK("http://x")', price: null, ok: true, note: "+1+2"},
      {name: "<script>alert(1)</script>", price: 1, ok: true, note: "@SUM(A1)\u0007"}
    ];
    const {rows: read, sheet} = await readSheet(toXlsx(rows, [...columns]));
    expect(read[1]![0]).toBe('\'=HYPERLINK("http://x")');
    expect(read[1]![3]).toBe("'+1+2");
    expect(read[2]![0]).toBe("<script>alert(1)</script>");
    expect(read[2]![3]).toBe("'@SUM(A1)"); // the bell character cannot be stored in XML and is dropped
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined()));
  });

  it("uses a value function over the raw key when given", async () => {
    const {rows} = await readSheet(
      toXlsx(
        [{name: "x", price: 2, ok: true, note: null}],
        [{key: "price", label: "价格", value: (r: Row) => (r.price ?? 0) * 10}]
      )
    );
    expect(rows[1]).toEqual([20]);
  });
});

describe("xlsx helpers", () => {
  it("names columns like Excel", () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetters)).toEqual(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
  });

  it("escapes XML and drops characters XML cannot hold", () => {
    expect(escapeXml(`<a href="x">&\u0001</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  });

  it("makes sheet names Excel accepts", () => {
    expect(safeSheetName("a/b:c*d?[e]")).toBe("a_b_c_d__e_");
    expect(safeSheetName("x".repeat(40))).toHaveLength(31);
  });
});

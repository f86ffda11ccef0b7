import {spawnSync} from "node:child_process";
import {existsSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import iconv from "iconv-lite";
import {describe, expect, it} from "vitest";
import {describeCsvError} from "../../pipelines/read/csv-errors.js";
import {readCsv} from "../../pipelines/read/csv.js";
import {detectEncoding} from "../../pipelines/read/encoding.js";
import {tempDir} from "../helpers/temp.js";
import {newWarehouse} from "../helpers/warehouse.js";

const dir = tempDir();

describe("detectEncoding", () => {
  it("tells UTF-16 without a BOM by its zero bytes, and keeps slightly damaged UTF-8 as UTF-8", () => {
    const text = "订单编号,采购数量\r\nPO1,10\r\n";
    expect(detectEncoding(iconv.encode(text, "utf16le"))).toBe("utf-16le");
    expect(detectEncoding(iconv.encode(text, "utf16be"))).toBe("utf-16be");
    expect(detectEncoding(iconv.encode(text, "gbk"))).toBe("gb18030");
    const damaged = Buffer.from(text.repeat(20), "utf8");
    damaged[1] = 0x41;
    expect(detectEncoding(damaged)).toBe("utf-8");
  });
});

describe("describeCsvError", () => {
  it("names the line and the problem in Chinese", () => {
    expect(
      describeCsvError(
        "Invalid Input Error: CSV Error on Line: 12\nOriginal Line: x\nValue with unterminated quote found.",
        9
      )
    ).toBe('第 12 行的引号（"）没有闭合，从这一行起无法正确分列：请检查该行，值中的引号应写成两个（""）');
    expect(
      describeCsvError("Invalid Input Error: CSV Error on Line: 7\nExpected Number of Columns: 9 Found: 10", 64)
    ).toMatch(/^第 7 行的列数多于前面的行（超过 64 列）/);
    // An error not known here still shows no English: the Chinese sentence alone, with what to do.
    expect(describeCsvError("Invalid Input Error: something new", 9)).toBe(
      "无法按 CSV 格式读取文件：请检查文件的引号、换行和分隔符，或用 Excel 打开后另存为“CSV UTF-8”再加载"
    );
  });
});

describe("readCsv", () => {
  it("removes UTF-8 copies left behind by a killed load, and only those", async () => {
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {encoding: "utf8"});
    const orphan = join(tmpdir(), `jicai-${gone.stdout}-load_${gone.stdout}_1_csv.csv`);
    const living = join(tmpdir(), `jicai-1-load_1_1_csv.csv`);
    writeFileSync(orphan, "left behind");
    writeFileSync(living, "still in use");
    const file = join(dir, "gbk.csv");
    writeFileSync(file, iconv.encode("订单编号,采购数量\r\nPO1,10\r\n", "gbk"));
    const w = await newWarehouse(dir);
    await readCsv(w.conn, file, {tablePrefix: "t1"});
    w.close();
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(living)).toBe(true);
    rmSync(living);
  });

  it("numbers rows as Excel shows them: a quoted cell over several lines is one row", async () => {
    const file = join(dir, "multiline.csv");
    writeFileSync(file, '订单编号,备注,采购数量\r\nPO1,"第一行\r\n第二行\r\n第三行",10\r\nPO2,,20\r\n');
    const w = await newWarehouse(dir);
    const [grid] = await readCsv(w.conn, file, {tablePrefix: "t2"});
    const rows = (
      await w.conn.runAndReadAll(`select source_row, c0, c2 from ${grid!.table} order by source_row`)
    ).getRowsJS();
    w.close();
    expect(rows).toEqual([
      [1, "订单编号", "采购数量"],
      [2, "PO1", "10"],
      [3, "PO2", "20"]
    ]);
  });

  it("reads a quoted cell that ends with a line break, and one that holds a line break, in a short row", async () => {
    const file = join(dir, "trailing-break.csv");
    // The second row is short (null padding) and its quoted cell ends with LF, as LibreOffice writes "0.5ml:2.5mg⏎".
    writeFileSync(
      file,
      '药品名称,规格,挂网价格,备注\n磺达肝癸钠注射液,"0.5ml:2.5mg\n",31.5\n阿莫西林胶囊,"0.25g\n×24粒",9.8,x\n'
    );
    const w = await newWarehouse(dir);
    const [grid] = await readCsv(w.conn, file, {tablePrefix: "t3"});
    const rows = (
      await w.conn.runAndReadAll(`select source_row, c0, c1, c2 from ${grid!.table} order by source_row`)
    ).getRowsJS();
    w.close();
    expect(rows).toEqual([
      [1, "药品名称", "规格", "挂网价格"],
      [2, "磺达肝癸钠注射液", "0.5ml:2.5mg\n", "31.5"],
      [3, "阿莫西林胶囊", "0.25g\n×24粒", "9.8"]
    ]);
  });
});

import {describe, expect, it} from "vitest";
import {CellType, SheetFormatError, SheetScanner, type SheetSink} from "../../../pipelines/read/xlsx/sheet-scanner.js";

type Event = ["cell", number, CellType, number, string | null, string | null] | ["row", number] | ["merge", string];

function recorder(): SheetSink & {events: Event[]} {
  const events: Event[] = [];
  return {
    events,
    cell: (col, type, style, value, formula) => events.push(["cell", col, type, style, value, formula]),
    endRow: (row) => events.push(["row", row]),
    merge: (ref) => events.push(["merge", ref])
  };
}

function scan(chunks: (Buffer | string)[]): Event[] {
  const sink = recorder();
  const scanner = new SheetScanner(sink);
  for (const chunk of chunks) scanner.write(chunk);
  scanner.end();
  return sink.events;
}

const sheet = `<?xml version="1.0" encoding="UTF-8"?>
<!-- comment -->
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><sheetData>
<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3"><v>45352.5</v></c><c r="C1" t="inlineStr"><is><r><t>中</t></r><r><t xml:space="preserve">文 </t></r><rPh sb="0" eb="1"><t>zhong</t></rPh></is></c></row>
<row r="3"><c r="A3"><f t="shared" ref="A3:A4" si="7">B1*2</f><v>1</v></c><c r="B3" t="str"><f>"a"&amp;"b"</f><v>a&amp;b</v></c><c r="AA3" t="e"><v>#N/A</v></c></row>
<row r="4"><c r="A4"><f t="shared" si="7"/></c><c t="b"><v>1</v></c><c note="x>y"><v><![CDATA[12]]></v></c></row>
<row r="5"/>
</sheetData><mergeCells count="1"><mergeCell ref="A3:A4"/></mergeCells></worksheet>`;

const expected: Event[] = [
  ["cell", 0, CellType.SharedString, 0, "0", null],
  ["cell", 1, CellType.Number, 3, "45352.5", null],
  ["cell", 2, CellType.InlineString, 0, "中文 ", null],
  ["row", 1],
  ["cell", 0, CellType.Number, 0, "1", "B1*2"],
  ["cell", 1, CellType.FormulaString, 0, "a&b", '"a"&"b"'],
  ["cell", 26, CellType.Error, 0, "#N/A", null],
  ["row", 3],
  ["cell", 0, CellType.Number, 0, null, "B1*2"],
  ["cell", 1, CellType.Boolean, 0, "1", null],
  ["cell", 2, CellType.Number, 0, "12", null],
  ["row", 4],
  ["row", 5],
  ["merge", "A3:A4"]
];

describe("SheetScanner", () => {
  it("reports cells, rows and merges of a worksheet", () => {
    expect(scan([sheet])).toEqual(expected);
  });

  it("gives the same events however the bytes are split, even inside a UTF-8 character", () => {
    const bytes = Buffer.from(sheet, "utf8");
    for (let at = 1; at < bytes.length; at++) {
      expect(scan([bytes.subarray(0, at), bytes.subarray(at)]), `split at byte ${at}`).toEqual(expected);
    }
    const oneByteChunks = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    expect(scan(oneByteChunks)).toEqual(expected);
  });

  it("refuses text that is not a worksheet, and a worksheet that stops early", () => {
    expect(() => scan(["not xml at all"])).toThrow(SheetFormatError);
    expect(() => scan([sheet.slice(0, sheet.indexOf(`<row r="4">`))])).toThrow(SheetFormatError);
    expect(() => scan([`<worksheet><sheetData><row r="x"></row></sheetData></worksheet>`])).toThrow(SheetFormatError);
  });
});

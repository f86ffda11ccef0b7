// Excel downloads written in the browser: one worksheet (SpreadsheetML), a bold frozen header row, numbers
// as numbers and text as inline strings. Text that Excel would read as a formula gets a leading apostrophe,
// exactly as in the CSV download (csv.ts).
import {neutralizeFormula} from "./csv.js";
import {zipStore} from "./zip.js";

export interface XlsxColumn<T> {
  key: keyof T & string;
  /** Header text (Chinese). */
  label: string;
  /** Optional override of the exported value. */
  value?: (row: T) => unknown;
}

const xmlHeader = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const mainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const relNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const packageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

/** Characters XML 1.0 cannot carry at all (a stray control character would make Excel refuse the file). */
const invalidXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(invalidXml, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** A1-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function cellXml(value: unknown, ref: string, style = ""): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "number" || typeof value === "bigint") {
    const n = Number(value);
    return Number.isFinite(n) ? `<c r="${ref}"${style}><v>${n}</v></c>` : "";
  }
  const text =
    typeof value === "boolean"
      ? value
        ? "是"
        : "否"
      : value instanceof Date
        ? value.toISOString()
        : neutralizeFormula(String(value));
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

/** Column width in characters: CJK counts double, capped so long texts do not make a sheet unreadable. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2E80-\uFFFF]/.test(ch) ? 2 : 1;
  return Math.min(Math.max(width + 2, 8), 50);
}

function sheetXml<T>(rows: readonly T[], columns: readonly XlsxColumn<T>[]): string {
  const lines: string[] = [];
  const header = columns.map((c, i) => cellXml(c.label, `${columnLetters(i)}1`, ' s="1"')).join("");
  lines.push(`<row r="1">${header}</row>`);
  rows.forEach((row, r) => {
    const cells = columns
      .map((c, i) => cellXml(c.value ? c.value(row) : row[c.key], `${columnLetters(i)}${r + 2}`))
      .join("");
    lines.push(`<row r="${r + 2}">${cells}</row>`);
  });
  const widths = columns
    .map((c, i) => {
      const sample = rows.slice(0, 200).map((row) => String((c.value ? c.value(row) : row[c.key]) ?? ""));
      const width = Math.max(displayWidth(c.label), ...sample.map(displayWidth));
      return `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`;
    })
    .join("");
  return (
    xmlHeader +
    `<worksheet xmlns="${mainNs}" xmlns:r="${relNs}">` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    (columns.length ? `<cols>${widths}</cols>` : "") +
    `<sheetData>${lines.join("")}</sheetData></worksheet>`
  );
}

/** Excel forbids []:*?/\ in sheet names and limits them to 31 characters. */
export function safeSheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, "_").slice(0, 31) || "Sheet1";
}

/** A complete .xlsx workbook with one sheet holding `rows` under the columns' labels. */
export function toXlsx<T>(
  rows: readonly T[],
  columns: readonly XlsxColumn<T>[],
  {sheetName = "数据"}: {sheetName?: string} = {}
): Uint8Array {
  const encode = (text: string) => new TextEncoder().encode(text);
  const files: Record<string, string> = {
    "[Content_Types].xml":
      xmlHeader +
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      `</Types>`,
    "_rels/.rels":
      xmlHeader +
      `<Relationships xmlns="${packageRelNs}">` +
      `<Relationship Id="rId1" Type="${relNs}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml":
      xmlHeader +
      `<workbook xmlns="${mainNs}" xmlns:r="${relNs}"><sheets>` +
      `<sheet name="${escapeXml(safeSheetName(sheetName))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels":
      xmlHeader +
      `<Relationships xmlns="${packageRelNs}">` +
      `<Relationship Id="rId1" Type="${relNs}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${relNs}/styles" Target="styles.xml"/></Relationships>`,
    "xl/styles.xml":
      xmlHeader +
      `<styleSheet xmlns="${mainNs}">` +
      `<fonts count="2"><font><sz val="11"/><name val="Microsoft YaHei"/></font><font><b/><sz val="11"/><name val="Microsoft YaHei"/></font></fonts>` +
      `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
      `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
      `<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
      `</styleSheet>`,
    "xl/worksheets/sheet1.xml": sheetXml(rows, columns)
  };
  return zipStore(Object.entries(files).map(([name, text]) => ({name, data: encode(text)})));
}

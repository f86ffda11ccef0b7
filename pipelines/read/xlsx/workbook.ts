import type {Readable} from "node:stream";
import ExcelJS from "exceljs";
import {isBuiltInDateFormat, isDateFormatCode, unescapeOoxml} from "./cell-text.js";

/**
 * A typed view of exceljs's streaming WorkbookReader. exceljs does the zip streaming and parses the workbook,
 * relationships, shared strings and styles; worksheets are handed over as raw byte streams for SheetScanner.
 * The fields below are exceljs 4.4 internals (lib/stream/xlsx/workbook-reader.js), read in this one place.
 */
interface RichTextRun {
  text?: string | null;
}
type SharedString = string | {richText?: RichTextRun[]} | null | undefined;

interface StylesInternals {
  model?: {styles?: Array<{numFmtId?: number | string} | undefined>};
  index?: {numFmt?: Record<string, string | undefined>};
}

interface WorkbookReaderInternals {
  [Symbol.asyncIterator](): AsyncIterator<WorksheetPart>;
  on(event: "entry", listener: (entry: {type: string}) => void): unknown;
  sharedStrings?: SharedString[];
  styles?: StylesInternals;
  properties?: {model?: {date1904?: boolean}};
  model?: {sheets?: Array<{name: string; state?: string}>};
}

/** One worksheet as exceljs yields it: `iterator` is its XML, still unread. */
export interface WorksheetPart {
  name: string;
  state?: string;
  iterator: AsyncIterable<Buffer | string>;
}

export interface OpenedWorkbook {
  worksheets: AsyncIterable<WorksheetPart>;
  /** Whether styles.xml has been read yet (it can come after a worksheet in the zip). */
  stylesRead(): boolean;
  /** Whether xl/workbook.xml was found (after iteration: false means the zip is not a workbook). */
  isWorkbook(): boolean;
  /** Sheet names in workbook (tab) order. */
  sheetOrder(): string[];
  /** Everything a cell decoder needs; call once the worksheet about to be decoded has been reached. */
  context(): WorkbookContext;
}

export interface WorkbookContext {
  sharedStrings: string[];
  isDateStyle: (style: number) => boolean;
  date1904: boolean;
}

function sharedStringText(entry: SharedString): string {
  if (entry === null || entry === undefined) return "";
  if (typeof entry === "string") return unescapeOoxml(entry);
  return unescapeOoxml((entry.richText ?? []).map((run) => run.text ?? "").join(""));
}

function dateStyles(styles: StylesInternals | undefined): (style: number) => boolean {
  const xfs = styles?.model?.styles ?? [];
  const customFormats = styles?.index?.numFmt ?? {};
  const known: boolean[] = xfs.map((xf) => {
    const id = Number(xf?.numFmtId ?? 0);
    const code = customFormats[id];
    return code !== undefined ? isDateFormatCode(code) : isBuiltInDateFormat(id);
  });
  return (style) => known[style] === true;
}

export function openWorkbook(input: Readable): OpenedWorkbook {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "emit"
  }) as unknown as WorkbookReaderInternals;
  let stylesSeen = false;
  let workbookSeen = false;
  reader.on("entry", (entry) => {
    if (entry.type === "styles") stylesSeen = true;
    if (entry.type === "workbook") workbookSeen = true;
  });
  let flattened: string[] | null = null;
  return {
    worksheets: {[Symbol.asyncIterator]: () => reader[Symbol.asyncIterator]()},
    stylesRead: () => stylesSeen,
    isWorkbook: () => workbookSeen,
    sheetOrder: () => (reader.model?.sheets ?? []).map((sheet) => sheet.name),
    context() {
      // Shared strings are complete by the time exceljs yields a worksheet (it defers sheets until then).
      flattened ??= (reader.sharedStrings ?? []).map(sharedStringText);
      return {
        sharedStrings: flattened,
        isDateStyle: dateStyles(reader.styles),
        date1904: reader.properties?.model?.date1904 === true
      };
    }
  };
}

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

/** An error raised while reading the file's bytes (zip, inflate, XML), as opposed to one from DuckDB. */
export class SourceError extends Error {}

export interface OpenedWorkbook {
  worksheets: AsyncIterable<WorksheetPart>;
  /**
   * Iterates something read from this workbook (its worksheets, a worksheet's XML), raising a SourceError
   * when that fails or when the zip parser fails. unzipper reports a file cut short mid-part ("FILE_ENDED")
   * only on the parser, leaving the part's stream waiting forever, so every read watches the parser too.
   */
  guard<T>(source: AsyncIterable<T>): AsyncGenerator<T>;
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
  let zipFailure: unknown = null;
  let abortRead: ((error: unknown) => void) | null = null;
  const pipe = input.pipe.bind(input);
  // exceljs pipes the input into its unzipper parser: catch the parser on its way in to hear its errors.
  input.pipe = ((destination, options) => {
    destination.on("error", (error: unknown) => {
      zipFailure ??= error;
      abortRead?.(error);
    });
    return pipe(destination, options);
  }) as typeof input.pipe;

  async function* guard<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
    const iterator = source[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await new Promise<IteratorResult<T>>((resolve, reject) => {
          if (zipFailure) return reject(zipFailure);
          abortRead = reject;
          iterator.next().then(resolve, reject);
        });
      } catch (error) {
        throw new SourceError(error instanceof Error ? error.message : String(error), {cause: error});
      } finally {
        abortRead = null;
      }
      if (next.done) return;
      yield next.value;
    }
  }

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
    guard,
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

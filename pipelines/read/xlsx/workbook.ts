import {posix} from "node:path";
import type {Readable} from "node:stream";
import ExcelJS from "exceljs";
import {controlCharacter} from "../encoding.js";
import {isBuiltInDateFormat, isDateFormatCode, unescapeOoxml} from "./cell-text.js";
import {openZipPart, readZipDirectory, type ZipPart} from "./zip.js";

/**
 * A workbook's index: its sheets in tab order with the zip part holding each, and what decoding cells needs
 * (shared strings, which styles are dates, the date system). The zip is read through its central directory
 * (zip.ts); the workbook, relationship, style and shared-string parts are parsed by exceljs's streaming
 * WorkbookReader parsers — exceljs 4.4 internals (lib/stream/xlsx/workbook-reader.js), used in this one place.
 */

/** An error raised while reading the file's bytes (zip, inflate, XML), as opposed to one from DuckDB. */
export class SourceError extends Error {}

interface Relationship {
  Id: string;
  Type?: string;
  Target?: string;
  TargetMode?: string;
}

type SharedString = string | {richText?: {text?: string | null}[]} | null | undefined;

interface ExceljsParsers {
  _parseRels(stream: Readable): Promise<void>;
  _parseWorkbook(stream: Readable): Promise<void>;
  _parseStyles(stream: Readable): Promise<void>;
  _parseSharedStrings(stream: Readable): AsyncIterable<unknown>;
  workbookRels?: Relationship[];
  model?: {sheets?: {name: string; state?: string; rId?: string}[]};
  properties?: {model?: {date1904?: boolean}};
  sharedStrings?: SharedString[];
  styles?: {
    model?: {styles?: ({numFmtId?: number | string} | undefined)[]};
    index?: {numFmt?: Record<string, string | undefined>};
  };
}

export interface SheetEntry {
  name: string;
  /** "visible", "hidden" or "veryHidden". */
  state: string;
  /** A worksheet (as opposed to a chart sheet, dialog sheet or macro sheet). */
  isWorksheet: boolean;
  /** Its zip part; null when the workbook names a part the zip does not have. */
  part: ZipPart | null;
}

export interface WorkbookContext {
  sharedStrings: string[];
  /** Some shared string holds a control character (see controlCharacter in ../encoding.ts). */
  controlCharacters: boolean;
  isDateStyle: (style: number) => boolean;
  date1904: boolean;
}

export interface Workbook {
  sheets: SheetEntry[];
  context: WorkbookContext;
  /** The uncompressed bytes of a sheet's part. */
  open(part: ZipPart): Promise<Readable>;
}

/** Thrown when the zip holds no workbook part. */
export class NotAWorkbookError extends Error {}

function sharedStringText(entry: SharedString): string {
  if (entry === null || entry === undefined) return "";
  if (typeof entry === "string") return unescapeOoxml(entry);
  return unescapeOoxml((entry.richText ?? []).map((run) => run.text ?? "").join(""));
}

function dateStyles(styles: ExceljsParsers["styles"]): (style: number) => boolean {
  const customFormats = styles?.index?.numFmt ?? {};
  const isDate: boolean[] = (styles?.model?.styles ?? []).map((xf) => {
    const id = Number(xf?.numFmtId ?? 0);
    const code = customFormats[id];
    return code !== undefined ? isDateFormatCode(code) : isBuiltInDateFormat(id);
  });
  return (style) => isDate[style] === true;
}

/** The relationships part for `part`: xl/workbook.xml → xl/_rels/workbook.xml.rels. */
const relsPathOf = (part: string) => posix.join(posix.dirname(part), "_rels", `${posix.basename(part)}.rels`);

/** A relationship target resolved against the part it belongs to ("" for the package). */
function resolveTarget(from: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  return posix.normalize(posix.join(posix.dirname(from), target));
}

/** Anything going wrong while reading the file becomes a SourceError (NotAWorkbookError stays itself). */
async function reading<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotAWorkbookError || error instanceof SourceError) throw error;
    throw new SourceError(error instanceof Error ? error.message : String(error), {cause: error});
  }
}

export function openWorkbook(file: string): Promise<Workbook> {
  return reading(() => indexWorkbook(file));
}

async function indexWorkbook(file: string): Promise<Workbook> {
  const zip = await readZipDirectory(file);
  const parsers = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: "cache",
    styles: "cache"
  }) as unknown as ExceljsParsers;
  const parse = async (name: string, parser: (stream: Readable) => Promise<void>) => {
    const part = zip.get(name);
    if (!part) return false;
    const stream = await openZipPart(file, part);
    // exceljs hands each chunk to its XML parser as it comes; decoded here, a character split between two
    // chunks stays whole (raw buffers turned 饮片 into 饮��� at a chunk boundary of the shared strings).
    stream.setEncoding("utf8");
    try {
      await parser(stream);
    } finally {
      stream.destroy(); // exceljs's parsers may stop at the root's end tag without reading to the end
    }
    return true;
  };

  // The package relationships say where the workbook part is; it is xl/workbook.xml in practice.
  let workbookPath = "xl/workbook.xml";
  if (await parse("_rels/.rels", (s) => parsers._parseRels(s))) {
    const office = parsers.workbookRels?.find((r) => r.Type?.endsWith("/officeDocument"));
    if (office?.Target) workbookPath = resolveTarget("", office.Target);
  }
  if (!(await parse(workbookPath, (s) => parsers._parseWorkbook(s)))) throw new NotAWorkbookError(workbookPath);
  parsers.workbookRels = [];
  await parse(relsPathOf(workbookPath), (s) => parsers._parseRels(s));
  const rels = parsers.workbookRels ?? [];
  const partOf = (type: string) => {
    const rel = rels.find((r) => r.Type?.endsWith(type));
    return rel?.Target ? resolveTarget(workbookPath, rel.Target) : null;
  };
  const stylesPath = partOf("/styles");
  if (stylesPath) await parse(stylesPath, (s) => parsers._parseStyles(s));
  const stringsPath = partOf("/sharedStrings");
  if (stringsPath) {
    await parse(stringsPath, async (s) => {
      for await (const _ of parsers._parseSharedStrings(s)); // fills parsers.sharedStrings
    });
  }

  const sheets = (parsers.model?.sheets ?? []).map((sheet): SheetEntry => {
    const rel = rels.find((r) => r.Id === sheet.rId);
    const path = rel?.Target ? resolveTarget(workbookPath, rel.Target) : null;
    return {
      name: sheet.name,
      state: sheet.state ?? "visible",
      isWorksheet: rel?.Type?.endsWith("/worksheet") ?? false,
      part: (path && zip.get(path)) || null
    };
  });
  const sharedStrings = (parsers.sharedStrings ?? []).map(sharedStringText);
  return {
    sheets,
    context: {
      sharedStrings,
      controlCharacters: sharedStrings.some((text) => controlCharacter.test(text)),
      isDateStyle: dateStyles(parsers.styles),
      date1904: parsers.properties?.model?.date1904 === true
    },
    open: (part) => reading(() => openZipPart(file, part))
  };
}

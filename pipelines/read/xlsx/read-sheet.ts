import {controlCharacter} from "../encoding.js";
import {canonicalNumberText, isoDateText, numberText, serialDateText, unescapeOoxml} from "./cell-text.js";
import {parseMergeRef, type GridWriter, type MergedRange} from "./grid-writer.js";
import {CellType, SheetFormatError, SheetScanner, type SheetSink} from "./sheet-scanner.js";
import type {WorkbookContext} from "./workbook.js";

/** Turns raw cells into grid text: cached formula results, shared strings, dates by number format. */
class CellSink implements SheetSink {
  readonly merges: MergedRange[] = [];
  /** A cell's own text held a control character (shared strings are looked at once, in the workbook). */
  controlCharacters = false;

  constructor(
    private readonly writer: GridWriter,
    private readonly context: WorkbookContext
  ) {}

  cell(col: number, type: CellType, style: number, value: string | null, formula: string | null): void {
    const text = value === null ? (formula === null ? null : "=" + formula) : this.text(type, style, value);
    if (text === null || text === "") return;
    // Numbers, dates and shared strings cannot bring one in here; only text written into the cell itself can.
    if (type !== CellType.SharedString && !this.controlCharacters && controlCharacter.test(text))
      this.controlCharacters = true;
    this.writer.set(col, text);
  }

  private text(type: CellType, style: number, value: string): string | null {
    switch (type) {
      case CellType.SharedString: {
        const text = this.context.sharedStrings[Number(value)];
        if (text === undefined) throw new SheetFormatError(`shared string ${value} does not exist`);
        return text;
      }
      case CellType.InlineString:
      case CellType.FormulaString:
        return unescapeOoxml(value);
      case CellType.Boolean:
        return value === "1" || value === "true" ? "true" : "false";
      case CellType.Error:
        return value;
      case CellType.IsoDate:
        return isoDateText(value);
      default: {
        if (value === "") return null;
        const isDate = this.context.isDateStyle(style);
        if (!isDate) {
          const canonical = canonicalNumberText(value);
          if (canonical !== null) return canonical;
        }
        const number = Number(value);
        if (!Number.isFinite(number)) return value;
        if (isDate) return serialDateText(number, this.context.date1904) ?? numberText(number);
        return numberText(number);
      }
    }
  }

  endRow(row: number): void {
    this.writer.endRow(row);
  }

  merge(ref: string): void {
    const range = parseMergeRef(ref);
    if (range) this.merges.push(range);
  }
}

/**
 * Streams one worksheet's XML into its grid table, reporting the grid's row count after each chunk. Returns
 * the merged ranges (they come after the rows in the XML, so the caller fills them once all rows are in) and
 * whether a cell's text held a control character.
 */
export async function readSheet(
  chunks: AsyncIterable<Buffer | string>,
  writer: GridWriter,
  context: WorkbookContext,
  progress: (rows: number) => void
): Promise<{merges: MergedRange[]; controlCharacters: boolean}> {
  const sink = new CellSink(writer, context);
  const scanner = new SheetScanner(sink);
  for await (const chunk of chunks) {
    scanner.write(chunk);
    if (writer.hasPending) await writer.settle();
    progress(writer.rows);
  }
  scanner.end();
  return {merges: sink.merges, controlCharacters: sink.controlCharacters || context.controlCharacters};
}

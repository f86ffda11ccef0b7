import type {DuckDBConnection} from "@duckdb/node-api";
import {describeValidFrom, listingValidFrom} from "./valid-from.js";
import {batchTitle, type ColumnSpec, type SourceContract} from "../sources/contract.js";
import {contracts} from "../sources/index.js";
import {detectHeader, headerSearchRows, type DetectedHeader, type TopRow} from "../read/detect.js";
import {labelOf, normalizeHeader} from "../read/header.js";
import {columnLetters} from "../read/column-label.js";
import {FileError, type Grid} from "../read/types.js";
import {sqlString} from "../warehouse/sql.js";
import {
  columnShapes,
  headerSignature,
  mappingDisplayPath,
  mappingForSheet,
  usedWidth,
  type ColumnMappingOptions,
  type MappingFile,
  type SheetMapping
} from "./mappings.js";
import {closestHeaders} from "./suggest.js";
import {continuationCondition, dataRowsCondition, type ColumnSources, type ContinuationFill} from "./typed-sql.js";

/** How one sheet will be loaded: its source, where its data starts, and where each column comes from. */
export interface SheetPlan {
  grid: Grid;
  header: DetectedHeader;
  sources: ColumnSources;
  /** First source_row of data (after the header). */
  firstDataRow: number;
  /** What the load line says about how the sheet was read: context applied, misspellings, the mapping used. */
  notes: string[];
  /** Header cells no contract column took. */
  ignored: string[];
  /** The mapping file used, if any. */
  mappingFile: string | null;
  /** The sheet's signature, for `--save-map`. */
  signature: MappingFile["match"];
}

export interface PlanOptions {
  source?: SourceContract;
  batch?: string;
  province?: string;
  category?: string;
  /** The policy's home province, for a listing file without a province column (read only when needed). */
  homeProvince?: () => string;
  mapping?: ColumnMappingOptions;
  /** The date a versioned source's rows are valid from (`--as-of`), instead of the file name's or the file's date. */
  asOf?: string;
}

/** A sheet that holds no table of any source: skipped beside sheets that load (unless --strict). */
export class UnrecognisedSheetError extends FileError {}

async function topRows(conn: DuckDBConnection, grid: Grid): Promise<TopRow[]> {
  const cells = Array.from({length: grid.columnCount}, (_, i) => `c${i}`).join(", ");
  const result = await conn.runAndReadAll(
    `select source_row, ${cells} from ${grid.table} order by source_row limit ${headerSearchRows}`
  );
  return result.getRows().map((row) => ({
    sourceRow: Number(row[0]),
    cells: row.slice(1).map((v) => (v === null || v === undefined ? null : String(v)))
  }));
}

function describeSheet(grid: Grid): string {
  return grid.sheet ? `工作表“${grid.sheet}”` : "文件";
}

/** The first cells of a row, for a message: what the reader saw where a header was expected. */
function preview(cells: (string | null)[]): string {
  const text = cells
    .filter((c) => c?.trim())
    .map((c) => c!.trim().replace(/\s+/g, " "))
    .join(" | ");
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** A sheet name that says nothing about a batch (Sheet1, 工作表1). */
function isDefaultSheetName(name: string | null): boolean {
  return !name || /^(sheet|工作表|表)\s*\d*$/i.test(name.trim());
}

/** A title row above the header naming a batch (one text, merged across), without 中选结果 and the like. */
function batchFromTitle(rows: TopRow[], firstHeaderRow: number): {batch: string; row: number} | null {
  for (let i = firstHeaderRow - 1; i >= 0; i--) {
    const texts = [...new Set(rows[i]!.cells.filter((c) => c?.trim()).map((c) => c!.trim()))];
    if (texts.length !== 1) continue;
    const title = texts[0]!.replace(/\s+/g, "");
    if (!new RegExp(batchTitle.pattern).test(title)) continue;
    const batch = title.replace(new RegExp(batchTitle.suffix), "");
    if (batch) return {batch, row: rows[i]!.sourceRow};
  }
  return null;
}

const mapAdvice =
  "若表头名称不同，可用 --map '表头=字段' 指定各列；没有表头的文件用 --map 'B=generic_name' 按列字母指定";

function unrecognised(file: string, grid: Grid, rows: TopRow[], detail: string): UnrecognisedSheetError {
  const where = describeSheet(grid);
  const first = rows.find((row) => row.cells.some((cell) => cell?.trim()));
  // Worded like any unrecognised sheet, so a blank sheet next to a data sheet is skipped, not fatal.
  if (!grid.header && !first)
    return new UnrecognisedSheetError(
      file,
      grid.sheet,
      `${where}无法识别数据来源：没有数据（前 ${headerSearchRows} 行都是空行）`
    );
  return new UnrecognisedSheetError(
    file,
    grid.sheet,
    `${where}无法识别数据来源：${detail}${first && !detail.includes("第 ") ? `（第 ${first.sourceRow} 行是“${preview(first.cells)}”）` : ""}。` +
      `若是 Jicai 的数据，请用 --source 指定来源（${contracts.map((c) => c.kind).join("、")}）；${mapAdvice}；否则这个${grid.sheet ? "工作表" : "文件"}无需载入`
  );
}

/** The closest header of the file for each missing column, as advice: “医保支忖价”→ --map. */
function suggestions(header: DetectedHeader): string {
  const missingColumns = header.contract.columns.filter((c) => header.missing.includes(labelOf(c)));
  const advice = missingColumns.flatMap((column) => {
    const [best] = closestHeaders(column, header.ignored);
    return best ? [`“${best}”是否就是${labelOf(column)}？若是，请加 --map '${best}=${column.name}'`] : [];
  });
  return advice.length ? `。${advice.join("；")}` : `。${mapAdvice}`;
}

/**
 * The category of a listing file without a category column: --category, else a header naming one (耗材统一编码),
 * else row by row by the product code's shape, else the column's default. Returns the SQL value and a note.
 */
function categoryConstant(
  contract: SourceContract,
  header: DetectedHeader,
  headerCells: (string | null)[],
  category: string | undefined
): {sql: string; note: string} | null {
  const rules = contract.categoryRules;
  if (!rules || header.matches.some((m) => m.column.name === "category")) return null;
  if (category) return {sql: sqlString(category), note: `品类按 --category 为${category}`};
  const keys = new Set(headerCells.filter((c) => c?.trim()).map((c) => normalizeHeader(c!).key));
  const named = rules.filter((r) => r.headers.some((h) => keys.has(normalizeHeader(h).key)));
  if (named.length === 1) {
    const cell = headerCells.find(
      (c) => c?.trim() && named[0]!.headers.some((h) => normalizeHeader(h).key === normalizeHeader(c).key)
    );
    return {sql: sqlString(named[0]!.category), note: `品类按表头“${cell!.trim()}”判为${named[0]!.category}`};
  }
  const code = header.matches.find((m) => m.column.name === "product_code");
  if (!code) return null;
  const column = contract.columns.find((c) => c.name === "category")!;
  const cases = rules.map(
    (r) => `when regexp_matches(jc_code(raw_product_code), ${sqlString(r.codePattern)}) then ${sqlString(r.category)}`
  );
  return {
    sql: `case ${cases.join(" ")} else ${column.defaultSql ?? "null"} end`,
    note: `品类按${code.header.endsWith("列") ? code.header : `“${code.header}”列`}的编码逐行判别（${rules.map((r) => r.category).join("/")}）`
  };
}

/**
 * How many rows continue the product above them ("same as above": the anchor column blank, but every other
 * required column and a further spec present): when there are none, the load skips the window that fills them.
 */
async function continuationFill(
  conn: DuckDBConnection,
  grid: Grid,
  sources: Omit<ColumnSources, "fill">,
  firstDataRow: number
): Promise<ContinuationFill | null> {
  const {contract, matches, constants} = sources;
  const fillDown = contract.fillDown ?? [];
  const indexOf = (name: string) => matches.find((m) => m.column.name === name)?.index;
  if (indexOf(fillDown[0] ?? "") === undefined) return null;
  const required = contract.columns
    .filter((c: ColumnSpec) => c.required && !fillDown.includes(c.name) && !(c.name in constants))
    .map((c) => c.name);
  if (required.some((name) => indexOf(name) === undefined)) return null;
  const needs = (contract.continuationNeeds ?? []).filter((n) => indexOf(n) !== undefined);
  if (!needs.length) return null;
  const groups = (contract.anyOf ?? []).map((g) => g.filter((n) => indexOf(n) !== undefined)).filter((g) => g.length);
  const fill: ContinuationFill = {
    columns: fillDown.filter((n) => indexOf(n) !== undefined),
    required,
    needs,
    groups,
    rows: 0
  };
  const condition = continuationCondition(fill, (name) => `jc_text(c${indexOf(name)}) is not null`);
  const reader = await conn.runAndReadAll(
    `select count(*) filter (where continues and product > 0) from (
       select ${condition} as continues,
              count(jc_text(c${indexOf(fill.columns[0]!)})) over (order by source_row rows between unbounded preceding and current row) as product
       from ${grid.table} where ${dataRowsCondition(firstDataRow, grid.columnCount)})`
  );
  fill.rows = Number(reader.getRows()[0]?.[0] ?? 0);
  return fill.rows > 0 ? fill : null;
}

/**
 * Decides how a sheet loads, or refuses it with a message naming the file, the sheet and what is missing.
 */
export async function planSheet(
  conn: DuckDBConnection,
  file: string,
  grid: Grid,
  options: PlanOptions
): Promise<SheetPlan> {
  const rows = grid.header ? [] : await topRows(conn, grid);
  const mapping: SheetMapping | null = grid.header
    ? null
    : mappingForSheet(
        options.mapping ?? {},
        rows.map((r) => r.cells),
        options.source
      );
  const source = options.source ?? mapping?.source ?? undefined;
  const candidates = source ? [source] : contracts;
  const presetHeader =
    grid.header ??
    (mapping?.byPosition
      ? Array.from({length: grid.columnCount}, (_, i) => {
          const field = mapping.byPosition!.get(i);
          return field && field !== "-" ? field : "";
        })
      : undefined);
  const header = detectHeader(rows, candidates, presetHeader, mapping?.byHeader);
  const where = describeSheet(grid);
  if (!header || (!source && header.matches.length < 2)) {
    // The row that reads best against any one source, to say which of its cells were recognised at all.
    const partial = header?.matches.length
      ? header
      : candidates
          .map((c) => detectHeader(rows, [c], presetHeader, mapping?.byHeader))
          .filter((m) => m?.matches.length)
          .sort((a, b) => b!.matches.length - a!.matches.length)[0];
    const row = partial && partial.lastHeaderRow >= 0 ? rows[partial.lastHeaderRow] : undefined;
    const known =
      partial && row
        ? `第 ${row.sourceRow} 行“${preview(row.cells)}”中只有“${partial.matches.map((m) => m.header).join("”“")}”是已知的列，不足以判断来源`
        : "";
    throw unrecognised(file, grid, rows, known || `前 ${headerSearchRows} 行中没有可识别的表头`);
  }
  if (header.duplicates.length) {
    throw new FileError(
      file,
      grid.sheet,
      `${where}的表头有重复列：${header.duplicates.join("；")}。请删去其中一列，或用 --map '表头=-' 忽略一列后再加载`
    );
  }
  const headerCells = header.lastHeaderRow < 0 ? (presetHeader ?? []) : rows[header.lastHeaderRow]!.cells;
  if (mapping?.byPosition) {
    // No header row: columns are named by letter, and those with data that no mapping names are ignored.
    for (const m of header.matches) m.header = `${columnLetters(m.index)} 列`;
    const width = usedWidth(rows.map((r) => r.cells));
    header.ignored = Array.from({length: width}, (_, i) => i)
      .filter((i) => !header.matches.some((m) => m.index === i))
      .map((i) => `${columnLetters(i)} 列`);
  }
  if (header.missing.length) {
    const used = header.matches.length;
    const total = used + header.ignored.length;
    // Few of its headers mean anything to any source: not a source at all (a rule list, a code table).
    if (!source && used * 2 < total) {
      throw unrecognised(
        file,
        grid,
        rows,
        `表头 ${total} 列中只有 ${used} 列（${header.matches.map((m) => m.header).join("、")}）是已知的列，` +
          `最接近的“${header.contract.label}”还缺少${header.missing.join("、")}`
      );
    }
    const readings = [header, ...header.ties].map(
      (m) => `“${m.contract.label}”（${m.contract.kind}），缺少必需的列：${m.missing.join("、")}`
    );
    throw new FileError(file, grid.sheet, `${where}看起来是${readings.join("；或是")}${suggestions(header)}`);
  }
  const constants: Record<string, string> = {};
  const notes: string[] = [...header.notes];
  const contract = header.contract;
  const has = (name: string) => header.matches.some((m) => m.column.name === name);
  if (contract.batchFromSheet && !has("batch")) {
    const firstHeaderRow = header.lastHeaderRow - header.headerRowCount + 1;
    const title = header.lastHeaderRow < 0 ? null : batchFromTitle(rows, firstHeaderRow);
    const sheetBatch = isDefaultSheetName(grid.sheet) ? null : grid.sheet!.trim();
    // A sheet an analyst named is deliberate and matches how the bureau names its batches; a platform's title
    // row (the long official name) is used where the sheet has a default name.
    const batch = options.batch ?? sheetBatch ?? title?.batch;
    if (!batch) {
      const batchColumn = contract.columns.find((c) => c.name === "batch")!;
      throw new FileError(
        file,
        grid.sheet,
        `${where}缺少必需的列：${labelOf(batchColumn)}；表头上方没有批次标题，工作表名也不是批次名称，请用 --batch 指定批次`
      );
    }
    if (options.batch) notes.push(`批次按 --batch 为“${batch}”`);
    else if (sheetBatch) notes.push(`批次取自工作表名“${batch}”`);
    else notes.push(`批次取自第 ${title!.row} 行标题“${batch}”`);
    constants.batch = sqlString(batch);
  }
  if (contract.provinceFromContext && !has("province")) {
    const province = options.province ?? options.homeProvince?.();
    if (!province) throw new FileError(file, grid.sheet, `${where}没有省份列：请用 --province 指定文件所属省份`);
    notes.push(
      options.province
        ? `未含省份列，按 --province 载入为${province}`
        : `未含省份列，按本地政策省份 ${province} 载入（其他省份的文件请用 --province 指定）`
    );
    constants.province = sqlString(province);
  } else if (options.province && contract.provinceFromContext) {
    notes.push("文件已有省份列，未使用 --province");
  }
  if (contract.versionedByDate) {
    // The version's date: a constant where the file has no 价格生效日期 column, else the value of its blank cells.
    const validFrom = listingValidFrom(file, options.asOf);
    constants.valid_from = sqlString(validFrom.date);
    notes.push(
      has("valid_from")
        ? `价格生效日期取自文件的“${header.matches.find((m) => m.column.name === "valid_from")!.header}”列，空白的按 ${validFrom.date}`
        : describeValidFrom(validFrom)
    );
  }
  const category = categoryConstant(contract, header, headerCells, options.category);
  if (category) {
    constants.category = category.sql;
    notes.push(category.note);
  }
  if (mapping?.file) notes.push(`按映射文件 ${mappingDisplayPath(mapping.file)} 读取各列`);
  else if (mapping && (mapping.byHeader.size || mapping.byPosition)) notes.push("按 --map 指定的列读取");
  const firstDataRow = header.lastHeaderRow < 0 ? 1 : rows[header.lastHeaderRow]!.sourceRow + 1;
  const base = {contract, matches: header.matches, constants};
  const fill = await continuationFill(conn, grid, base, firstDataRow);
  const dataRows = rows.filter((r) => r.sourceRow >= firstDataRow).map((r) => r.cells);
  const signature: MappingFile["match"] =
    header.lastHeaderRow < 0
      ? {
          columns: usedWidth(rows.map((r) => r.cells)),
          shape: columnShapes(dataRows, usedWidth(rows.map((r) => r.cells)))
        }
      : {header: headerSignature(headerCells)};
  return {
    grid,
    header,
    sources: {...base, fill},
    firstDataRow,
    notes,
    ignored: header.ignored,
    mappingFile: mapping?.file ?? null,
    signature
  };
}

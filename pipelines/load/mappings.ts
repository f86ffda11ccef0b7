import {mkdirSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import {join, relative} from "node:path";
import {fileURLToPath} from "node:url";
import {z} from "zod";
import {columnNamed, normalizeHeader, type HeaderMapping} from "../read/header.js";
import {contractFor, sourceKinds, type SourceContract} from "../sources/index.js";

/**
 * Column mappings a user gives (`--map '表头=field'`, `--map 'C=field'`) and keeps (data/mappings/*.json).
 * A saved mapping is reused automatically by later files of the same template, recognised by a signature:
 * - a file with a header: its header cells, normalised as for matching (units and spacing do not count);
 * - a file without one: its column count and the shape of each column (number, code, text, date) over the
 *   first rows — a column's shape is what a platform export keeps from one month to the next, while the first
 *   row's values change. A column blank in all those rows matches any shape.
 */

export const defaultMappingsDir = fileURLToPath(new URL("../../data/mappings/", import.meta.url));

export function mappingsDir(): string {
  return process.env.JICAI_MAPPINGS ?? defaultMappingsDir;
}

const shapes = ["number", "code", "date", "text", "empty"] as const;
export type ColumnShape = (typeof shapes)[number];

const columnLetters = /^[A-Z]{1,3}$/;

export const mappingFileSchema = z
  .strictObject({
    about: z.string().optional(),
    source: z.enum(sourceKinds as [string, ...string[]]),
    match: z.union([
      z.strictObject({header: z.array(z.string().min(1)).min(1)}),
      z.strictObject({columns: z.number().int().positive(), shape: z.array(z.enum(shapes)).min(1)})
    ]),
    columns: z.record(z.string().min(1), z.string().min(1))
  })
  .superRefine((mapping, ctx) => {
    const contract = contractFor(mapping.source);
    const {match} = mapping;
    const width = "shape" in match ? match.columns : null;
    if ("shape" in match && match.shape.length !== match.columns)
      ctx.addIssue({code: "custom", path: ["match", "shape"], message: `应有 ${match.columns} 项`});
    for (const [key, field] of Object.entries(mapping.columns)) {
      if (width !== null && (!columnLetters.test(key) || letterIndex(key) >= width))
        ctx.addIssue({code: "custom", path: ["columns", key], message: "无表头的文件须用列字母（A、B…）指定列"});
      if (field !== "-" && !columnNamed(contract, field))
        ctx.addIssue({code: "custom", path: ["columns", key], message: `“${field}”不是 ${contract.kind} 的字段`});
    }
  });

export type MappingFile = z.infer<typeof mappingFileSchema>;

export interface LoadedMapping {
  file: string;
  mapping: MappingFile;
}

/** What a file's columns are, as the user said on the command line or a mapping file says. */
export interface ColumnMappingOptions {
  /** `--map` entries, as typed. */
  flags?: string[];
  /** `--mapping FILE`: a mapping file to use whatever its signature. */
  file?: LoadedMapping;
  /** Saved mappings to look for a template among; by default those in mappingsDir(). */
  saved?: LoadedMapping[];
}

/** A mapping resolved for one sheet: header texts or column positions → fields. */
export interface SheetMapping {
  source: SourceContract | null;
  byHeader: HeaderMapping;
  /** Column index → field, for a file without a header row. */
  byPosition: Map<number, string> | null;
  /** The mapping file used, if any. */
  file: string | null;
}

export class MappingError extends Error {}

export function letterIndex(letters: string): number {
  let index = 0;
  for (const ch of letters) index = index * 26 + (ch.charCodeAt(0) - 64);
  return index - 1;
}

/** `--map` entries: 表头=field (header text) or C=field (column letter, for files without a header row). */
export function parseMapFlags(flags: string[]): {byHeader: Map<string, string>; byPosition: Map<number, string>} {
  const byHeader = new Map<string, string>();
  const byPosition = new Map<number, string>();
  for (const flag of flags) {
    const at = flag.lastIndexOf("=");
    const key = flag.slice(0, at).trim();
    const field = flag.slice(at + 1).trim();
    if (at <= 0 || !key || !field)
      throw new MappingError(`--map “${flag}” 的写法不对：应写成 --map '表头=字段' 或 --map 'C=字段'（C 为列字母）`);
    if (columnLetters.test(key)) byPosition.set(letterIndex(key), field);
    else byHeader.set(normalizeHeader(key).key, field);
  }
  if (byHeader.size && byPosition.size)
    throw new MappingError("--map 不能同时按表头和按列字母指定：有表头的文件写表头，无表头的文件写列字母");
  return {byHeader, byPosition};
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

/** Reads and validates one mapping file; the message names the file and the field. */
export function readMappingFile(file: string): LoadedMapping {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "找不到文件" : "不是有效的 JSON";
    throw new MappingError(`映射文件 ${displayPath(file)} ${reason}`);
  }
  const parsed = mappingFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.map(String).join(".") : "（整个文件）";
    throw new MappingError(`映射文件 ${displayPath(file)} 字段 ${field}：${issue.message}`);
  }
  return {file, mapping: parsed.data};
}

/** Every mapping saved in a folder (`*.json`, not its subfolders); none when the folder does not exist. */
export function loadSavedMappings(dir: string = mappingsDir()): LoadedMapping[] {
  let names: string[];
  try {
    names = readdirSync(dir, {withFileTypes: true})
      .filter((e) => e.isFile() && e.name.endsWith(".json"))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
  return names.map((name) => readMappingFile(join(dir, name)));
}

/** The shape of one cell's text. */
function shapeOf(text: string): ColumnShape {
  const t = text.trim();
  if (!t) return "empty";
  if (/^-?\d+(\.\d+)?$/.test(t)) return "number";
  if (/^\d{4}-\d{1,2}-\d{1,2}/.test(t)) return "date";
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(t) && /[A-Za-z]/.test(t)) return "code";
  return "text";
}

/** Each column's most common shape over the rows given (ties: the first shape in `shapes` order). */
export function columnShapes(rows: (string | null)[][], columnCount: number): ColumnShape[] {
  return Array.from({length: columnCount}, (_, i) => {
    const counts = new Map<ColumnShape, number>();
    for (const row of rows) {
      const shape = shapeOf(row[i] ?? "");
      if (shape !== "empty") counts.set(shape, (counts.get(shape) ?? 0) + 1);
    }
    let best: ColumnShape = "empty";
    for (const shape of shapes) if ((counts.get(shape) ?? 0) > (counts.get(best) ?? 0)) best = shape;
    return best;
  });
}

/** The width of a grid without its trailing all-blank columns. */
export function usedWidth(rows: (string | null)[][]): number {
  let width = 0;
  for (const row of rows) for (let i = row.length - 1; i >= width; i--) if (row[i]?.trim()) width = i + 1;
  return width;
}

/** A header row's signature: its non-blank cells, normalised. */
export function headerSignature(cells: (string | null)[]): string[] {
  return cells.filter((c) => c?.trim()).map((c) => normalizeHeader(c!).key);
}

/** Codes and text are one kind here: a spec column reads 9g (code-like) one month and 每片含50mg the next. */
const kindOf = (shape: ColumnShape) => (shape === "code" ? "text" : shape);

function sameShapes(a: readonly ColumnShape[], b: readonly ColumnShape[]): boolean {
  return a.length === b.length && a.every((s, i) => s === "empty" || b[i] === "empty" || kindOf(s) === kindOf(b[i]!));
}

function resolve(mapping: LoadedMapping): SheetMapping {
  const {match, columns, source} = mapping.mapping;
  const headerless = "shape" in match;
  return {
    source: contractFor(source),
    byHeader: headerless
      ? new Map()
      : new Map(Object.entries(columns).map(([header, field]) => [normalizeHeader(header).key, field])),
    byPosition: headerless
      ? new Map(Object.entries(columns).map(([letters, field]) => [letterIndex(letters), field]))
      : null,
    file: mapping.file
  };
}

/**
 * The mapping for one sheet, from its first rows: `--map` flags first, then `--mapping FILE`, then a saved
 * mapping whose signature the sheet has. Null when there is none.
 */
export function mappingForSheet(
  options: ColumnMappingOptions,
  topRows: (string | null)[][],
  source: SourceContract | undefined
): SheetMapping | null {
  if (options.flags?.length) {
    const {byHeader, byPosition} = parseMapFlags(options.flags);
    return {source: source ?? null, byHeader, byPosition: byPosition.size ? byPosition : null, file: null};
  }
  if (options.file) {
    const resolved = resolve(options.file);
    const {match} = options.file.mapping;
    if ("shape" in match && usedWidth(topRows) !== match.columns)
      throw new MappingError(
        `映射文件 ${displayPath(options.file.file)} 对应 ${match.columns} 列的文件，这个文件有 ${usedWidth(topRows)} 列`
      );
    return resolved;
  }
  const width = usedWidth(topRows);
  const shape = columnShapes(topRows, width);
  const signatures = topRows.map((row) => headerSignature(row).join("\u0001"));
  for (const saved of options.saved ?? loadSavedMappings()) {
    if (source && saved.mapping.source !== source.kind) continue;
    const {match} = saved.mapping;
    const fits =
      "header" in match
        ? signatures.includes(match.header.map((h) => normalizeHeader(h).key).join("\u0001"))
        : match.columns === width && sameShapes(match.shape, shape);
    if (fits) return resolve(saved);
  }
  return null;
}

/** Writes a mapping file under the mappings folder; returns its path. */
export function saveMapping(name: string, mapping: MappingFile, dir: string = mappingsDir()): string {
  if (!/^[\p{L}\p{N}_.-]+$/u.test(name) || name.startsWith("."))
    throw new MappingError(`映射名称“${name}”只能含字母、数字、汉字、点、下划线和连字符`);
  const parsed = mappingFileSchema.parse(mapping);
  mkdirSync(dir, {recursive: true});
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(parsed, null, 2) + "\n");
  return file;
}

export {displayPath as mappingDisplayPath};

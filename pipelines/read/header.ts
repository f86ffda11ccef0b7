import type {ColumnSpec, SourceContract} from "../sources/contract.js";

/** A header cell reduced to what identifies its column, plus the unit it states. */
export interface NormalizedHeader {
  key: string;
  unit: string | null;
  /** 10 000 for a 万 unit, 100 000 000 for 亿, else 1. */
  multiplier: number;
}

const unitWords = /^(片|粒|支|袋|盒|瓶|贴|丸|个|套|根|条|把|只|克|毫升|ml|g|mg|剂|人次|次)$/i;

function isUnit(text: string): boolean {
  return /元|\/|%/.test(text) || /^[万亿]/.test(text) || unitWords.test(text);
}

/**
 * Characters that show as nothing: zero-width space, non-joiner and joiner, word joiner, a byte-order mark
 * inside the text, soft hyphen. A header cell carrying one looks right in Excel but would match no alias.
 */
const invisible = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/**
 * Reduces a header to a comparison key: NFKC (full-width → half-width), no whitespace, line breaks or
 * invisible characters, lower case, no required-field marks. Parenthesised units (（元）、（万片）、（元/盒）) are removed and
 * reported; other parenthesised text stays without the brackets: 竞标价格（最小规格） → 竞标价格最小规格.
 */
export function normalizeHeader(text: string): NormalizedHeader {
  let unit: string | null = null;
  const key = text
    .normalize("NFKC")
    .replace(invisible, "")
    .replace(/\s+/g, "")
    .replace(/[*＊★:：]/g, "")
    .replace(/[(\[【]([^)\]】]*)[)\]】]/g, (_, inner: string) => {
      if (isUnit(inner)) {
        unit ??= inner;
        return "";
      }
      return inner;
    })
    .toLowerCase();
  const u = unit as string | null;
  const multiplier = u?.startsWith("万") ? 10_000 : u?.startsWith("亿") ? 100_000_000 : 1;
  return {key, unit: u, multiplier};
}

/**
 * A header cell's key with every bracketed part removed, for a first, coarse comparison in SQL: the same
 * steps as `looseHeaderKeySql`, which DuckDB runs over many cells (it has no NFKC, so full-width brackets
 * are listed). Whether a row really is a header is then decided by matchHeader.
 */
export function looseHeaderKey(text: string): string {
  return text
    .normalize("NFKC")
    .replace(invisible, "")
    .replace(/[\s*＊★:：]+/g, "")
    .replace(/[(\[【][^)\]】]*[)\]】]/g, "")
    .toLowerCase();
}

/** looseHeaderKey in DuckDB SQL, for the cell expression `cell`. */
export function looseHeaderKeySql(cell: string): string {
  const drop =
    "[\\s\\x{3000}\\x{00A0}*＊★:：\\x{200B}-\\x{200D}\\x{2060}\\x{FEFF}\\x{00AD}]|[（(【\\[][^）)】\\]]*[）)】\\]]";
  return `lower(regexp_replace(${cell}, '${drop}', '', 'g'))`;
}

export interface ColumnMatch {
  column: ColumnSpec;
  /** Index of the file column (c0 … cn). */
  index: number;
  header: string;
  multiplier: number;
}

export interface HeaderMatch {
  contract: SourceContract;
  matches: ColumnMatch[];
  /** Required columns (and anyOf groups) the header lacks. */
  missing: string[];
  /** File columns that map to a contract column already taken. */
  duplicates: string[];
  /** Non-blank header cells no column takes, as written; a weak alias that yielded says to which header. */
  ignored: string[];
  /** What the load line should say about how a cell was read (a known misspelling, a user mapping). */
  notes: string[];
}

/** How strongly a header cell claims a column: a user's mapping over an alias over a misspelling over a weak alias. */
const enum Claim {
  Weak = 1,
  Misspelling = 2,
  Alias = 3,
  Mapped = 4
}

interface AliasEntry {
  column: ColumnSpec;
  claim: Claim;
}

const aliasIndex = new WeakMap<SourceContract, Map<string, AliasEntry>>();

function aliasesOf(contract: SourceContract): Map<string, AliasEntry> {
  let index = aliasIndex.get(contract);
  if (!index) {
    index = new Map();
    for (const column of contract.columns) {
      const add = (aliases: string[] | undefined, claim: Claim) => {
        for (const alias of aliases ?? []) index!.set(normalizeHeader(alias).key, {column, claim});
      };
      add(column.weakAliases, Claim.Weak);
      add(column.misspellings, Claim.Misspelling);
      add(column.aliases, Claim.Alias);
    }
    aliasIndex.set(contract, index);
  }
  return index;
}

/** The contract column a user named in a mapping: its name (spec) or any of its headers (规格). */
export function columnNamed(contract: SourceContract, field: string): ColumnSpec | undefined {
  const key = normalizeHeader(field).key;
  return (
    contract.columns.find((c) => c.name.toLowerCase() === key) ??
    contract.columns.find((c) => c.aliases.some((a) => normalizeHeader(a).key === key))
  );
}

/** Header text → field, as a user maps it (`--map '品名=generic_name'`); "-" ignores the column. */
export type HeaderMapping = ReadonlyMap<string, string>;

/**
 * One header cell: the texts it may be read as, best first. A one-row header has one; a two-row header has
 * parent+child, then the child alone (see combineHeaderRows).
 */
export type HeaderCell = string[];

const display = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * Matches a header row against one contract. A column claimed by several cells goes to the strongest claim;
 * weaker claims yield and are listed as ignored. Two equally strong claims are duplicates (the file is refused:
 * which one is meant cannot be told).
 */
export function matchHeader(
  contract: SourceContract,
  header: HeaderCell[],
  mapping: HeaderMapping = new Map()
): HeaderMatch {
  const aliases = aliasesOf(contract);
  const claims: {column: ColumnSpec; claim: Claim; index: number; text: string; multiplier: number}[] = [];
  const ignored: string[] = [];
  const notes: string[] = [];
  header.forEach((candidates, index) => {
    for (const text of candidates) {
      const normalized = normalizeHeader(text);
      const field = mapping.get(normalized.key);
      if (field !== undefined) {
        const column = field === "-" ? undefined : columnNamed(contract, field);
        if (column) claims.push({column, claim: Claim.Mapped, index, text, multiplier: normalized.multiplier});
        else ignored.push(display(text));
        return;
      }
      const entry = aliases.get(normalized.key);
      if (!entry) continue;
      claims.push({...entry, index, text, multiplier: normalized.multiplier});
      return;
    }
    if (candidates.length) ignored.push(display(candidates[candidates.length - 1]!));
  });
  const matches: ColumnMatch[] = [];
  const duplicates: string[] = [];
  for (const column of contract.columns) {
    const mine = claims.filter((c) => c.column === column).sort((a, b) => b.claim - a.claim || a.index - b.index);
    const [first, ...rest] = mine;
    if (!first) continue;
    matches.push({column, index: first.index, header: display(first.text), multiplier: first.multiplier});
    if (first.claim === Claim.Misspelling)
      notes.push(`表头“${display(first.text)}”按“${column.aliases[0]}”的常见笔误读取`);
    for (const other of rest) {
      if (other.claim === first.claim)
        duplicates.push(`“${display(other.text)}”与“${display(first.text)}”都对应 ${labelOf(column)}`);
      else ignored.push(`${display(other.text)}（让位于“${display(first.text)}”）`);
    }
  }
  matches.sort((a, b) => a.index - b.index);
  const present = new Set(matches.map((m) => m.column.name));
  const fromContext = (c: ColumnSpec) =>
    (c.name === "batch" && contract.batchFromSheet) || (c.name === "province" && contract.provinceFromContext);
  const missing = contract.columns.filter((c) => c.required && !present.has(c.name) && !fromContext(c)).map(labelOf);
  for (const group of contract.anyOf ?? []) {
    if (!group.some((name) => present.has(name))) {
      missing.push(group.map((name) => labelOf(contract.columns.find((c) => c.name === name)!)).join(" 或 "));
    }
  }
  return {contract, matches, missing, duplicates, ignored, notes};
}

/** “通用名 (generic_name)”: how a column is named in messages. */
export function labelOf(column: ColumnSpec): string {
  return `${column.aliases[0]}（${column.name}）`;
}

/** A one-row header as header cells. */
export function singleHeaderRow(row: (string | null)[]): HeaderCell[] {
  return row.map((text) => (text?.trim() ? [text] : []));
}

/**
 * Combines a two-row header: a merged parent over its children (中选价格 / 每盒 → 中选价格每盒, else 每盒).
 * Readers fill merged ranges with the parent's text, so a vertical merge repeats the same text and collapses.
 * The parent alone is a candidate only where the child is blank: a child that matches nothing must not
 * inherit its parent's meaning.
 */
export function combineHeaderRows(parent: (string | null)[], child: (string | null)[]): HeaderCell[] {
  const width = Math.max(parent.length, child.length);
  return Array.from({length: width}, (_, i) => {
    const p = parent[i]?.trim() || null;
    const c = child[i]?.trim() || null;
    if (!p) return c ? [c] : [];
    if (!c || p === c) return [p];
    return [p + c, c];
  });
}

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
 * Reduces a header to a comparison key: NFKC (full-width → half-width), no whitespace or line breaks,
 * lower case, no required-field marks. Parenthesised units (（元）、（万片）、（元/盒）) are removed and
 * reported; other parenthesised text stays without the brackets: 竞标价格（最小规格） → 竞标价格最小规格.
 */
export function normalizeHeader(text: string): NormalizedHeader {
  let unit: string | null = null;
  const key = text
    .normalize("NFKC")
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
}

const aliasIndex = new WeakMap<SourceContract, Map<string, ColumnSpec>>();

function aliasesOf(contract: SourceContract): Map<string, ColumnSpec> {
  let index = aliasIndex.get(contract);
  if (!index) {
    index = new Map();
    for (const column of contract.columns) {
      for (const alias of column.aliases) index.set(normalizeHeader(alias).key, column);
    }
    aliasIndex.set(contract, index);
  }
  return index;
}

/**
 * One header cell: the texts it may be read as, best first. A one-row header has one; a two-row header has
 * parent+child, then the child alone (see combineHeaderRows).
 */
export type HeaderCell = string[];

/** Matches a header row against one contract. */
export function matchHeader(contract: SourceContract, header: HeaderCell[]): HeaderMatch {
  const aliases = aliasesOf(contract);
  const matches: ColumnMatch[] = [];
  const duplicates: string[] = [];
  header.forEach((candidates, index) => {
    for (const text of candidates) {
      const normalized = normalizeHeader(text);
      const column = aliases.get(normalized.key);
      if (!column) continue;
      const taken = matches.find((m) => m.column === column);
      if (taken) duplicates.push(`“${text}”与“${taken.header}”都对应 ${labelOf(column)}`);
      else matches.push({column, index, header: text.replace(/\s+/g, " ").trim(), multiplier: normalized.multiplier});
      return;
    }
  });
  const present = new Set(matches.map((m) => m.column.name));
  const missing = contract.columns
    .filter((c) => c.required && !present.has(c.name) && !(c.name === "batch" && contract.batchFromSheet))
    .map(labelOf);
  for (const group of contract.anyOf ?? []) {
    if (!group.some((name) => present.has(name))) {
      missing.push(group.map((name) => labelOf(contract.columns.find((c) => c.name === name)!)).join(" 或 "));
    }
  }
  return {contract, matches, missing, duplicates};
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

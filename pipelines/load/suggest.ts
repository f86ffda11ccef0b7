import {normalizeHeader} from "../read/header.js";
import type {ColumnSpec} from "../sources/contract.js";

/**
 * Shared-character similarity of two header keys (Dice coefficient over their characters): 医保支忖价 and
 * 医保支付价 share 4 of 5 characters (0.8). Chinese headers are short and their characters carry the meaning,
 * so characters compare better than edit distance, which rates 单价/总价 as close as 医保支付价/医保支忖价.
 */
export function headerSimilarity(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  if (!left.length || !right.length) return 0;
  const pool = new Map<string, number>();
  for (const ch of right) pool.set(ch, (pool.get(ch) ?? 0) + 1);
  let shared = 0;
  for (const ch of left) {
    const n = pool.get(ch) ?? 0;
    if (n > 0) {
      shared++;
      pool.set(ch, n - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

/** Below this a header is not worth suggesting. */
const threshold = 0.6;

/**
 * The file's headers that may mean a column, closest first: only a suggestion for the refusal message, never
 * a match (a close header can mean another thing: 采购单价 and 采购总价).
 */
export function closestHeaders(column: ColumnSpec, headers: readonly string[]): string[] {
  const aliases = [...column.aliases, ...(column.misspellings ?? [])].map((a) => normalizeHeader(a).key);
  return headers
    .map((header) => ({
      header,
      score: Math.max(...aliases.map((alias) => headerSimilarity(normalizeHeader(header).key, alias)))
    }))
    .filter((h) => h.score >= threshold)
    .sort((a, b) => b.score - a.score || a.header.localeCompare(b.header))
    .map((h) => h.header);
}

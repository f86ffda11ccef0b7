import type {SourceContract} from "../sources/contract.js";
import {combineHeaderRows, matchHeader, singleHeaderRow, type HeaderMapping, type HeaderMatch} from "./header.js";

/**
 * How many leading rows of a sheet are searched for the header. Title rows, a bureau's letterhead and a
 * template's 填表说明 come first, and instructions run to a printed page or two (a header on row 45 has been
 * seen); 100 rows covers that. Searching costs one match per row and source, so it could go further, but a
 * sheet whose first 100 rows hold no header is not laid out as a table: `--header-row` names a lower one.
 */
export const headerSearchRows = 100;

export interface DetectedHeader extends HeaderMatch {
  /** Position (0-based, among the first rows) of the last header row; data starts after it. */
  lastHeaderRow: number;
  headerRowCount: 1 | 2;
  /** Other sources that read the same header rows equally well (for the message when columns are missing). */
  ties: HeaderMatch[];
}

export interface TopRow {
  sourceRow: number;
  cells: (string | null)[];
}

function rank(match: HeaderMatch): number {
  return (match.missing.length === 0 && match.duplicates.length === 0 ? 1000 : 0) + match.matches.length;
}

/**
 * Finds the header among the first rows of a sheet and the source it belongs to: every row, alone and
 * combined with the next one, is matched against every candidate contract; the best complete match wins.
 * A two-row header must match more columns than its first row alone. With `headerAt` (the user said where
 * the header is) only a header ending on that row is considered.
 */
export function detectHeader(
  rows: TopRow[],
  candidates: readonly SourceContract[],
  presetHeader?: string[],
  mapping?: HeaderMapping,
  headerAt?: number
): DetectedHeader | null {
  let best: DetectedHeader | null = null;
  const consider = (match: HeaderMatch, lastHeaderRow: number, headerRowCount: 1 | 2) => {
    if (match.matches.length < 2 && candidates.length > 1) return;
    if (!best || rank(match) > rank(best)) best = {...match, lastHeaderRow, headerRowCount, ties: []};
    else if (rank(match) === rank(best) && best.lastHeaderRow === lastHeaderRow && best.contract !== match.contract)
      best.ties.push(match);
  };
  if (presetHeader) {
    for (const contract of candidates) consider(matchHeader(contract, singleHeaderRow(presetHeader), mapping), -1, 1);
    return best;
  }
  const top = rows.slice(0, headerSearchRows);
  top.forEach((row, i) => {
    const next = top[i + 1];
    if (headerAt !== undefined && i !== headerAt && i + 1 !== headerAt) return;
    for (const contract of candidates) {
      const single = matchHeader(contract, singleHeaderRow(row.cells), mapping);
      if (headerAt === undefined || i === headerAt) consider(single, i, 1);
      if (!next || (headerAt !== undefined && i + 1 !== headerAt)) continue;
      const double = matchHeader(contract, combineHeaderRows(row.cells, next.cells), mapping);
      const below = matchHeader(contract, singleHeaderRow(next.cells), mapping);
      // A two-row header only when it reads more columns than either of its rows alone.
      if (double.matches.length > Math.max(single.matches.length, below.matches.length)) consider(double, i + 1, 2);
    }
  });
  return best;
}

import {statSync} from "node:fs";
import {basename, extname} from "node:path";

/** Where a price version's valid-from date came from, for the load line. */
export type ValidFromOrigin = "option" | "file-name" | "file-date";

export interface ValidFrom {
  date: string;
  origin: ValidFromOrigin;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A real calendar date as YYYY-MM-DD, or null (2024-02-30 is not one). */
function calendarDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * The first date a file name carries: 2024-07-01, 2024.7.1, 2024_07_01, 20240701, 2024年7月1日, or a month
 * (2024年7月, 2024-07) meaning its first day. Digits run into other digits (an order number) are not a date.
 * Our own parser rather than a date library: what is needed is finding a date inside free text, not parsing one.
 */
export function dateInFileName(path: string): string | null {
  const name = basename(path, extname(path));
  const patterns: [RegExp, (m: RegExpExecArray) => string | null][] = [
    [
      /(?<!\d)(20\d{2})\s*[-_./年]\s*(\d{1,2})\s*[-_./月]\s*(\d{1,2})(?!\d)/,
      (m) => calendarDate(Number(m[1]), Number(m[2]), Number(m[3]))
    ],
    [/(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)/, (m) => calendarDate(Number(m[1]), Number(m[2]), Number(m[3]))],
    [/(?<!\d)(20\d{2})\s*(?:年|-|_|\.)\s*(\d{1,2})(?:\s*月|(?!\d))/, (m) => calendarDate(Number(m[1]), Number(m[2]), 1)]
  ];
  // the first pattern that matches decides: 2024-02-30 is no date at all, not February
  for (const [pattern, toDate] of patterns) {
    const match = pattern.exec(name);
    if (match) return toDate(match);
  }
  return null;
}

/** The file's modification date on this computer's calendar. */
function modifiedDate(path: string): string {
  const t = statSync(path).mtime;
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

/**
 * The date a listing file's prices are valid from: `--as-of` when given, else a date in the file's name, else the
 * file's modification date (the day it was downloaded from the platform, as a rule).
 */
export function listingValidFrom(path: string, asOf: string | undefined): ValidFrom {
  if (asOf) return {date: asOf, origin: "option"};
  const named = dateInFileName(path);
  if (named) return {date: named, origin: "file-name"};
  return {date: modifiedDate(path), origin: "file-date"};
}

export function describeValidFrom({date, origin}: ValidFrom): string {
  const from = {option: "按 --as-of", "file-name": "取自文件名", "file-date": "取自文件修改日期，可用 --as-of 指定"}[
    origin
  ];
  return `价格版本自 ${date} 起有效（${from}）`;
}

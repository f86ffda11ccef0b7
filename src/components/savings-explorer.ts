// Sums of the 节约分析 page: rows of savings_hospital_monthly (batch × hospital × month) added up under the page's
// filters, for a period of months and for the same months of the year before. Amounts are added in whole fen
// (integers), so a total does not depend on the order of the rows; the price cut is a ratio of sums:
// savings ÷ Σ base × Q over the rows kept.

export interface SavingsRow {
  batch_id: string;
  hospital_code: string;
  /** "2026-03" */
  month: string;
  /** 元, to the fen */
  savings: number;
  fund: number;
  /** Σ base × Q, 元 */
  base: number;
}

export interface Hospital {
  hospital_code: string;
  hospital_name: string;
  hospital_level: string;
  region: string;
}

/** Months `from`…`to` (1–12) of `year`. */
export interface Period {
  year: number;
  from: number;
  to: number;
}

export interface Filter {
  batch: string | null;
  region: string | null;
  level: string | null;
}

export interface Totals {
  /** 元 */
  savings: number;
  fund: number;
  base: number;
  /** hospitals with purchases of selected products in the period */
  hospitals: number;
}

export interface Compared {
  key: string;
  now: Totals;
  last: Totals;
}

const empty = () => ({savings: 0, fund: 0, base: 0, codes: new Set<string>()});
type Accumulator = ReturnType<typeof empty>;

/** "2026-01" … "2026-10" for the period. */
export function periodMonths({year, from, to}: Period): Set<string> {
  const months = new Set<string>();
  for (let m = from; m <= to; m++) months.add(`${year}-${String(m).padStart(2, "0")}`);
  return months;
}

/** The same months one year earlier. */
export function previousYear(period: Period): Period {
  return {...period, year: period.year - 1};
}

/** 2026 年 1–10 月 (or 2026 年 3 月 for one month). */
export function periodLabel({year, from, to}: Period): string {
  return from === to ? `${year} 年 ${from} 月` : `${year} 年 ${from}–${to} 月`;
}

/** Savings ÷ the same purchases at the base price: the average price cut actually achieved; null without purchases. */
export function priceCut(totals: Totals): number | null {
  return totals.base > 0 ? totals.savings / totals.base : null;
}

/** now ÷ last − 1; null when there was nothing to compare with last year. */
export function growth(now: number, last: number): number | null {
  return last > 0 ? now / last - 1 : null;
}

/**
 * Totals per group for the period and the same months a year before. `group` names the group of a row (null
 * leaves the row out); `ignore` lifts one filter (the district chart shows every district under the others).
 * Groups come out in the order of their first row.
 */
export function compareBy(
  rows: readonly SavingsRow[],
  hospitals: ReadonlyMap<string, Hospital>,
  filter: Filter,
  period: Period,
  group: (row: SavingsRow, hospital: Hospital | undefined) => string | null,
  ignore?: keyof Filter
): Compared[] {
  const nowMonths = periodMonths(period);
  const lastMonths = periodMonths(previousYear(period));
  const sums = new Map<string, {now: Accumulator; last: Accumulator}>();
  for (const row of rows) {
    const inNow = nowMonths.has(row.month);
    if (!inNow && !lastMonths.has(row.month)) continue;
    const hospital = hospitals.get(row.hospital_code);
    if (ignore !== "batch" && filter.batch !== null && row.batch_id !== filter.batch) continue;
    if (ignore !== "region" && filter.region !== null && hospital?.region !== filter.region) continue;
    if (ignore !== "level" && filter.level !== null && hospital?.hospital_level !== filter.level) continue;
    const key = group(row, hospital);
    if (key === null) continue;
    let entry = sums.get(key);
    if (!entry) sums.set(key, (entry = {now: empty(), last: empty()}));
    const target = inNow ? entry.now : entry.last;
    target.savings += Math.round(row.savings * 100);
    target.fund += Math.round(row.fund * 100);
    target.base += row.base;
    target.codes.add(row.hospital_code);
  }
  const totals = (a: Accumulator): Totals => ({
    savings: a.savings / 100,
    fund: a.fund / 100,
    base: a.base,
    hospitals: a.codes.size
  });
  return [...sums].map(([key, {now, last}]) => ({key, now: totals(now), last: totals(last)}));
}

/** One total over everything the filter keeps. */
export function compareAll(
  rows: readonly SavingsRow[],
  hospitals: ReadonlyMap<string, Hospital>,
  filter: Filter,
  period: Period
): Compared {
  const [all] = compareBy(rows, hospitals, filter, period, () => "all");
  const none = {savings: 0, fund: 0, base: 0, hospitals: 0};
  return all ?? {key: "all", now: none, last: none};
}

/** Largest savings in the period first, then last year's, then the key: a total order. */
export function bySavings(a: Compared, b: Compared): number {
  return (
    b.now.savings - a.now.savings || b.last.savings - a.last.savings || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

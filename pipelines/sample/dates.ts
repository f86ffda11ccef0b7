/** Dates in the sample generator are whole days since 1970-01-01 (UTC), formatted the ways bureaus write them. */

const DAY_MS = 86_400_000;

export function day(iso: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`bad date ${iso}`);
  return ms / DAY_MS;
}

export function parts(d: number): {y: number; m: number; d: number} {
  const date = new Date(d * DAY_MS);
  return {y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate()};
}

/** The same calendar day `years` later, minus one day: the last day of a procurement year. */
export function yearEnd(start: number, years = 1): number {
  const p = parts(start);
  return Date.UTC(p.y + years, p.m - 1, p.d) / DAY_MS - 1;
}

export function monthStart(y: number, m: number): number {
  return Date.UTC(y, m - 1, 1) / DAY_MS;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export type DateStyle = "iso" | "chinese" | "dotted" | "slash" | "compact";

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatDate(d: number, style: DateStyle = "iso"): string {
  const {y, m, d: dd} = parts(d);
  switch (style) {
    case "iso":
      return `${y}-${pad(m)}-${pad(dd)}`;
    case "chinese":
      return `${y}年${m}月${dd}日`;
    case "dotted":
      return `${y}.${m}.${dd}`;
    case "slash":
      return `${y}/${m}/${dd}`;
    case "compact":
      return `${y}${pad(m)}${pad(dd)}`;
  }
}

/** A cached formatter: order files format millions of dates drawn from ~730 distinct days. */
export function dateFormatter(style: DateStyle): (d: number) => string {
  const cache = new Map<number, string>();
  return (d) => {
    let text = cache.get(d);
    if (text === undefined) {
      text = formatDate(d, style);
      cache.set(d, text);
    }
    return text;
  };
}

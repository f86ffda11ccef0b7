// The one place that turns numbers, money and dates into text for the site (zh-CN conventions).
// Money may arrive as a JS number or as an exact decimal string from DuckDB ("1234.500000"); strings are
// formatted exactly (Intl accepts decimal strings), so 1.005 元 rounds half-up to 1.01 元 as statements require.

export type MoneyUnit = "元" | "万元" | "亿元";
export type Numeric = number | bigint | string | null | undefined;

/** Shown for a missing value. */
export const missing = "—";

/** Powers of ten of each money unit. */
const unitExponent: Record<MoneyUnit, number> = {元: 0, 万元: 4, 亿元: 8};

const locale = "zh-CN";
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(minDigits: number, maxDigits: number): Intl.NumberFormat {
  const key = `${minDigits}/${maxDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: minDigits,
      maximumFractionDigits: maxDigits,
      roundingMode: "halfExpand",
      signDisplay: "negative" // no "-0.00" for amounts that round to zero
    } as Intl.NumberFormatOptions);
    numberFormats.set(key, format);
  }
  return format;
}

const decimalPattern = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** A finite number from any numeric input, or null (blank strings and non-numbers are null). */
export function toNumber(value: Numeric): number | null {
  const exact = exactDecimal(value);
  return exact === null ? null : Number(exact);
}

/** Moves the decimal point of an exact decimal string `places` to the left (negative: right), keeping every digit. */
export function shiftDecimalLeft(text: string, places: number): string {
  const match = decimalPattern.exec(text.trim());
  if (!match || !/\d/.test(text)) throw new Error(`not a decimal: ${text}`);
  const [, sign = "", whole = "", fraction = ""] = match;
  let digits = whole + fraction;
  let pointFromRight = fraction.length + places;
  if (pointFromRight < 0) {
    digits += "0".repeat(-pointFromRight);
    pointFromRight = 0;
  }
  digits = digits.padStart(pointFromRight + 1, "0");
  const cut = digits.length - pointFromRight;
  const integerPart = digits.slice(0, cut).replace(/^0+(?=\d)/, "");
  return `${sign === "-" ? "-" : ""}${integerPart}${pointFromRight > 0 ? "." + digits.slice(cut) : ""}`;
}

/** Plain number with thousands separators: 1234567.8 → "1,234,567.8" (digits = fraction digits, fixed). */
export function formatNumber(value: Numeric, {digits = 0}: {digits?: number} = {}): string {
  const exact = exactDecimal(value);
  if (exact === null) return missing;
  return numberFormat(digits, digits).format(exact as unknown as number);
}

/** Integer counts: 12345 → "12,345". */
export function formatInteger(value: Numeric): string {
  return formatNumber(value, {digits: 0});
}

/** The unit a reader expects for an amount of this size: ≥ 1 亿 → 亿元, ≥ 1 万 → 万元, else 元. */
export function chooseMoneyUnit(yuan: Numeric): MoneyUnit {
  const magnitude = Math.abs(toNumber(yuan) ?? 0);
  return magnitude >= 1e8 ? "亿元" : magnitude >= 1e4 ? "万元" : "元";
}

/** One unit for a whole column or chart: chosen by the largest magnitude among the values. */
export function chooseMoneyUnitFor(values: Iterable<Numeric>): MoneyUnit {
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(toNumber(value) ?? 0));
  return chooseMoneyUnit(largest);
}

/** An amount in yuan expressed in `unit` (as a number, e.g. for chart axes). */
export function moneyIn(yuan: Numeric, unit: MoneyUnit): number | null {
  const n = toNumber(yuan);
  return n === null ? null : n / 10 ** unitExponent[unit];
}

export interface MoneyOptions {
  /** Fixed unit; by default chosen by magnitude. */
  unit?: MoneyUnit;
  /** Fraction digits after conversion (default 2: fen for 元, 百元 for 万元). */
  digits?: number;
  /** Append the unit ("1.23 亿元"); false gives only the number ("1.23"). */
  withUnit?: boolean;
}

/** Money in yuan → "1.23 亿元", "5.60 万元", "12.30 元"; exact for decimal strings, half-up rounding. */
export function formatMoney(yuan: Numeric, {unit, digits = 2, withUnit = true}: MoneyOptions = {}): string {
  const exact = exactDecimal(yuan);
  if (exact === null) return missing;
  const chosen = unit ?? chooseMoneyUnit(exact);
  const scaled = shiftDecimalLeft(exact, unitExponent[chosen]);
  const text = numberFormat(digits, digits).format(scaled as unknown as number);
  return withUnit ? `${text} ${chosen}` : text;
}

/** A ratio as a percentage: 0.5634 → "56.3%". */
export function formatPercent(ratio: Numeric, {digits = 1}: {digits?: number} = {}): string {
  const exact = exactDecimal(ratio);
  if (exact === null) return missing;
  return `${numberFormat(digits, digits).format(shiftDecimalLeft(exact, -2) as unknown as number)}%`;
}

type DateInput = Date | string | number | null | undefined;

/** A calendar date as 2025-03-01. Strings "2025-03-01…" keep their date part; Date objects use local time. */
export function formatDate(value: DateInput): string {
  if (value === null || value === undefined || value === "") return missing;
  if (typeof value === "string") {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (match) return `${match[1]}-${match[2]}-${match[3]}`;
  }
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return missing;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Date and time to the minute: 2025-03-01 14:05. */
export function formatDateTime(value: DateInput): string {
  if (value === null || value === undefined || value === "") return missing;
  if (typeof value === "string") {
    const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})/.exec(value);
    if (match) return `${match[1]} ${match[2]}:${match[3]}`;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  }
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return missing;
  return `${formatDate(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** File or payload sizes: 1536 → "1.5 KB". */
export function formatBytes(bytes: Numeric): string {
  const n = toNumber(bytes);
  if (n === null) return missing;
  const units = ["B", "KB", "MB", "GB"];
  let size = n;
  let i = 0;
  while (Math.abs(size) >= 1024 && i < units.length - 1) {
    size /= 1024;
    i++;
  }
  return `${numberFormat(i === 0 ? 0 : 1, i === 0 ? 0 : 1).format(size)} ${units[i]}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The exact decimal text of a numeric input, or null. Numbers use their shortest round-trip text. */
function exactDecimal(value: Numeric): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    return plainNumberText(value);
  }
  const text = value.trim();
  return text !== "" && decimalPattern.test(text) && /\d/.test(text) ? text : null;
}

/** 1e21 and 1e-7 print in exponent form; expand them so the decimal shifting stays exact. */
function plainNumberText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  if (Math.abs(value) >= 1e21) return BigInt(value).toString();
  return value.toFixed(Math.min(100, -Math.floor(Math.log10(Math.abs(value))) + 15));
}

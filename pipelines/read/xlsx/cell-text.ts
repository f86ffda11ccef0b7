/**
 * Excel cell values → the text a grid stores. Numbers keep at most Excel's 15 significant digits (so binary
 * artefacts like 0.30000000000000004 read as 0.3) and never use exponent notation; date-formatted serials become
 * ISO dates. Cleaning (trimming, units, full-width digits) happens later in SQL, so strings pass through untouched.
 */

/** Excel's own precision: it displays and stores at most 15 significant digits. */
const excelDigits = 15;

/** Plain decimal notation for a JS number string that may use an exponent ("1e-7", "1.5e+21"). */
function expandExponent(text: string): string {
  const e = text.indexOf("e");
  if (e < 0) return text;
  const negative = text.startsWith("-");
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf(".");
  const digits = point < 0 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  const intLength = (point < 0 ? mantissa.length : point) + exponent;
  let plain: string;
  if (intLength <= 0) plain = "0." + "0".repeat(-intLength) + digits;
  else if (intLength >= digits.length) plain = digits + "0".repeat(intLength - digits.length);
  else plain = digits.slice(0, intLength) + "." + digits.slice(intLength);
  return negative ? "-" + plain : plain;
}

/**
 * A number's text as written in the file when it is already what numberText would give (no sign other than a
 * leading "-", no leading or trailing zeros, at most 15 digits, no exponent) — saves a parse and a format for
 * the usual cell. Null when it needs numberText.
 */
export function canonicalNumberText(text: string): string | null {
  const length = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0; // -
  const start = i;
  let digits = 0;
  let point = -1;
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && point < 0) point = i;
    else return null;
  }
  if (digits === 0 || digits > excelDigits) return null;
  const intDigits = (point < 0 ? length : point) - start;
  if (intDigits === 0 || (intDigits > 1 && text.charCodeAt(start) === 48)) return null; // ".5", "007"
  if (point >= 0 && (point === length - 1 || text.charCodeAt(length - 1) === 48)) return null; // "1.", "1.50"
  if (start === 1 && digits === 1 && text.charCodeAt(1) === 48) return null; // "-0"
  return text;
}

/** The shortest decimal text for a number as Excel holds it: ≤ 15 significant digits, no exponent. */
export function numberText(value: number): string {
  const shortest = String(value);
  // At most 15 digits: already within Excel's precision (the common case, kept cheap).
  const digits = shortest.length - (value < 0 ? 1 : 0) - (shortest.includes(".") ? 1 : 0);
  if (digits <= excelDigits && !shortest.includes("e")) return shortest;
  return expandExponent(String(Number(value.toPrecision(excelDigits))));
}

const unixEpochSerial1900 = 25569; // serial of 1970-01-01 in the 1900 date system
const unixEpochSerial1904 = 24107; // ... and in the 1904 date system
const maxSerial = 2958466; // 10000-01-01: Excel's dates end at 9999-12-31

const pad2 = (n: number) => (n < 10 ? "0" + n : String(n));

/** Days since 1970-01-01 → "YYYY-MM-DD" (proleptic Gregorian; Howard Hinnant's civil_from_days). */
function civilDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/**
 * A date-formatted serial → "YYYY-MM-DD", or "YYYY-MM-DD HH:MM:SS" when it has a time of day; a bare time
 * (serial below 1) → "HH:MM:SS", which no date column accepts. Null when the serial is outside Excel's dates.
 */
export function serialDateText(serial: number, date1904: boolean): string | null {
  if (!(serial >= 0 && serial < maxSerial)) return null;
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86400);
  if (seconds === 86400) {
    days += 1;
    seconds = 0;
  }
  const time =
    seconds === 0
      ? ""
      : `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  if (days === 0 && !date1904) return time || "00:00:00";
  // Excel counts a fictitious 1900-02-29 (serial 60); serials before it are one day later than plain arithmetic.
  if (!date1904 && days < 61) days += 1;
  const date = civilDate(days - (date1904 ? unixEpochSerial1904 : unixEpochSerial1900));
  return time ? `${date} ${time}` : date;
}

/** An ISO 8601 value from a `t="d"` cell → the same text shape as a serial date. */
export function isoDateText(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?/.exec(value);
  if (!match) return value;
  const [, date, time] = match;
  return time && time !== "00:00:00" ? `${date} ${time}` : date!;
}

/** Built-in number formats that show dates or times (14–22, 45–47, and the CJK ones 27–36 and 50–58). */
export function isBuiltInDateFormat(numFmtId: number): boolean {
  return (
    (numFmtId >= 14 && numFmtId <= 22) ||
    (numFmtId >= 27 && numFmtId <= 36) ||
    (numFmtId >= 45 && numFmtId <= 47) ||
    (numFmtId >= 50 && numFmtId <= 58)
  );
}

/** Whether a custom format code shows a date or time: a y/m/d/h/s token outside quotes, brackets and escapes. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "")
    .replace(/[_*]./g, "");
  return /[ymdhs]/i.test(bare) || /上午|下午|AM\/PM/i.test(bare);
}

/** Undoes OOXML's `_xHHHH_` escapes for characters XML cannot carry (e.g. `_x000D_` for a carriage return). */
export function unescapeOoxml(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

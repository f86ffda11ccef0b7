/**
 * Exact money and fixed-point helpers. Pack prices and amounts are integer fen (0.01 yuan); per-unit prices
 * and ratios are integer ten-thousandths (0.0001). No binary floating point touches a written amount.
 */

/** 0.0001 steps per unit: per-unit prices (元/片) and ratios (0.6832) carry four decimals. */
export const UNIT_SCALE = 10_000;

/** Integer fen as "1234.50". */
export function formatFen(fen: number | bigint): string {
  return formatFixed(BigInt(fen), 2);
}

/** An integer scaled by 10^decimals as a plain decimal string, e.g. (123456n, 4) → "12.3456". */
export function formatFixed(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** Like formatFixed but without trailing zeros: (123400n, 4) → "12.34", (120000n, 4) → "12". */
export function formatTrimmed(value: bigint, decimals: number): string {
  const text = formatFixed(value, decimals);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** Rounds a non-negative-or-negative fraction num/den half away from zero to an integer. */
export function roundHalfUp(num: bigint, den: bigint): bigint {
  if (den < 0n) return roundHalfUp(-num, -den);
  const sign = num < 0n ? -1n : 1n;
  const abs = num < 0n ? -num : num;
  return sign * ((abs * 2n + den) / (2n * den));
}

/** "1,234.50" with thousands separators. */
export function withThousands(text: string): string {
  const [whole, fraction] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Full-width digits and punctuation, as some bureau staff type them (１２３．５０). */
export function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

/** Small XML text helpers for the worksheet scanner: entities, tag ends, attributes, cell references. */

const entities: Record<string, string> = {lt: "<", gt: ">", amp: "&", quot: '"', apos: "'"};

export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (!name.startsWith("#")) return entities[name] ?? whole;
    const code = name.startsWith("#x") ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Index of the `>` closing the tag that starts before `from`, skipping quoted attribute values; -1 if not yet in `s`. */
export function tagEnd(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 62) return i; // >
    if (c === 34 || c === 39) {
      const close = s.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

export const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** The value of attribute `name` in the tag text s[from, to), or null. */
export function attribute(s: string, from: number, to: number, name: string): string | null {
  let i = from;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (isSpace(c) || c === 47) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < to && s.charCodeAt(i) !== 61 && !isSpace(s.charCodeAt(i))) i++;
    const nameEnd = i;
    while (i < to && s.charCodeAt(i) !== 34 && s.charCodeAt(i) !== 39) i++;
    if (i >= to) return null;
    const close = s.indexOf(s[i]!, i + 1);
    if (close < 0 || close > to) return null;
    if (nameEnd - nameStart === name.length && s.startsWith(name, nameStart)) return s.slice(i + 1, close);
    i = close + 1;
  }
  return null;
}

/** "AB12" → 27 (0-based column); -1 when the reference has no letters. */
export function columnOfRef(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 32; // lower-case
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return i === 0 ? -1 : col - 1;
}

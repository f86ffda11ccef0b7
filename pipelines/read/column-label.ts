/** A 0-based column's letters as Excel names it: 0 → A, 25 → Z, 26 → AA, 16383 → XFD. */
export function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A 0-based column as users see it: 第 4 列（D）, 第 16384 列（XFD）. */
export function columnLabel(index: number): string {
  return `第 ${index + 1} 列（${columnLetters(index)}）`;
}

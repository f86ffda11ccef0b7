import {execFileSync} from "node:child_process";
import {readdirSync, readFileSync} from "node:fs";
import {basename, extname, join} from "node:path";

/**
 * Workbooks read by real LibreOffice, as an independent path to compare a load against: every sheet of every
 * file becomes a UTF-8 CSV of raw values (not as shown), parsed here. Returns file name → sheet → rows, each
 * row's cells by column index; row 0 is the sheet's first row (source_row 1).
 */
export function libreOfficeSheets(files: string[], outDir: string): Map<string, Map<string, string[][]>> {
  execFileSync(
    "soffice",
    [
      `-env:UserInstallation=file://${join(outDir, "profile")}`,
      "--headless",
      "--convert-to",
      // separator, quote, UTF-8, from line 1, …, raw values (not as shown), every sheet (-1)
      "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
      "--outdir",
      outDir,
      ...files
    ],
    {stdio: "ignore", timeout: 300_000}
  );
  const sheets = new Map<string, Map<string, string[][]>>();
  for (const file of files) {
    const stem = basename(file, extname(file));
    const bySheet = new Map<string, string[][]>();
    for (const name of readdirSync(outDir).filter((n) => n.startsWith(`${stem}-`) && n.endsWith(".csv")))
      bySheet.set(name.slice(stem.length + 1, -4), parseCsv(readFileSync(join(outDir, name), "utf8")));
    sheets.set(basename(file), bySheet);
  }
  return sheets;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

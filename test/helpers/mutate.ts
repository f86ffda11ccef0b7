import iconv from "iconv-lite";
import type {Rng} from "../../pipelines/sample/rng.js";
import {detectEncoding} from "../../pipelines/read/encoding.js";
import {readZip, writeZip, type ZipEntry} from "../fixtures/xlsx/zip.js";

/**
 * Mutations for the loader fuzz test: byte damage for any file, cell and column edits and re-encodings for
 * CSV, cell and part edits inside a workbook's zip. Each takes the file's bytes and a seeded Rng.
 */
export interface Mutation {
  name: string;
  formats: readonly string[];
  apply(bytes: Buffer, rng: Rng): Buffer;
}

/** Values that a cleaning rule or a reader has to survive. */
export const weirdValues = [
  "",
  " ",
  "-",
  "—",
  "N/A",
  "0",
  "-1",
  "-0.00",
  "1e400",
  "NaN",
  "Infinity",
  "99999999999999999999",
  "1.5万",
  "3亿",
  "１２３",
  "=1+1",
  '=HYPERLINK("http://x","y")',
  "+86",
  "@SUM(A1)",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "'; drop table raw_orders; --",
  '"',
  '""',
  "a,b",
  "第一年",
  "2024-02-30",
  "0000-00-00",
  "2024年13月1日",
  "45352",
  "99999",
  "是否",
  "√",
  "100%",
  "101%",
  "\u0000",
  "\u0007",
  "\uFFFE",
  "\t",
  "头".repeat(5000),
  "\uFFFD",
  "𠮷野家",
  "Ｈ００１",
  "2,50",
  "1.234,50",
  "H001\u200B"
] as const;

const anyFormat = [".csv", ".xlsx", ".parquet"];

const flipBytes: Mutation = {
  name: "flip bytes",
  formats: anyFormat,
  apply(bytes, rng) {
    const out = Buffer.from(bytes);
    for (let n = rng.int(1, 8); n > 0; n--) {
      const i = rng.int(0, out.length - 1);
      out[i] = out[i]! ^ (1 << rng.int(0, 7));
    }
    return out;
  }
};

const insertBytes: Mutation = {
  name: "insert bytes",
  formats: anyFormat,
  apply(bytes, rng) {
    const at = rng.int(0, bytes.length);
    const junk = Buffer.from(Array.from({length: rng.int(1, 16)}, () => rng.int(0, 255)));
    return Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]);
  }
};

const deleteRange: Mutation = {
  name: "delete bytes",
  formats: anyFormat,
  apply(bytes, rng) {
    const at = rng.int(0, bytes.length - 1);
    return Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + rng.int(1, 64)))]);
  }
};

const truncate: Mutation = {
  name: "truncate",
  formats: anyFormat,
  apply: (bytes, rng) => bytes.subarray(0, rng.int(1, bytes.length - 1))
};

const duplicateRange: Mutation = {
  name: "duplicate bytes",
  formats: anyFormat,
  apply(bytes, rng) {
    const from = rng.int(0, bytes.length - 1);
    const chunk = bytes.subarray(from, from + rng.int(1, 256));
    const at = rng.int(0, bytes.length);
    return Buffer.concat([bytes.subarray(0, at), chunk, bytes.subarray(at)]);
  }
};

// ---- CSV: decode, edit lines and cells, encode in the original encoding unless re-encoding ---------------

interface CsvText {
  lines: string[][];
  encoding: string;
  bom: boolean;
}

function decodeCsv(bytes: Buffer): CsvText {
  const detected = detectEncoding(bytes);
  const encoding = detected === "utf-8-bom" ? "utf-8" : detected === "gb18030" ? "gb18030" : detected;
  let text = new TextDecoder(encoding).decode(bytes);
  const bom = detected === "utf-8-bom" || text.charCodeAt(0) === 0xfeff;
  text = text.replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return {lines: lines.map((line) => line.split(",")), encoding, bom};
}

function encodeCsv({lines, encoding, bom}: CsvText, target = encoding, withBom = bom): Buffer {
  const text = (withBom ? "\uFEFF" : "") + lines.map((cells) => cells.join(",")).join("\r\n") + "\r\n";
  return iconv.encode(text, target === "utf-8" ? "utf8" : target);
}

function csvMutation(name: string, edit: (csv: CsvText, rng: Rng) => Buffer | void): Mutation {
  return {
    name,
    formats: [".csv"],
    apply(bytes, rng) {
      const csv = decodeCsv(bytes);
      if (csv.lines.length < 2) return flipBytes.apply(bytes, rng);
      return edit(csv, rng) ?? encodeCsv(csv);
    }
  };
}

const dataLine = (csv: CsvText, rng: Rng) => csv.lines[rng.int(1, csv.lines.length - 1)]!;

const csvMutations: Mutation[] = [
  csvMutation("swap two cells", (csv, rng) => {
    const cells = dataLine(csv, rng);
    const [i, j] = [rng.int(0, cells.length - 1), rng.int(0, cells.length - 1)];
    [cells[i], cells[j]] = [cells[j]!, cells[i]!];
  }),
  csvMutation("drop a column", (csv, rng) => {
    const k = rng.int(0, csv.lines[0]!.length - 1);
    for (const cells of csv.lines) cells.splice(k, 1);
  }),
  csvMutation("duplicate a column", (csv, rng) => {
    const k = rng.int(0, csv.lines[0]!.length - 1);
    for (const cells of csv.lines) cells.splice(k, 0, cells[k] ?? "");
  }),
  csvMutation("swap two header cells", (csv, rng) => {
    const header = csv.lines[0]!;
    const [i, j] = [rng.int(0, header.length - 1), rng.int(0, header.length - 1)];
    [header[i], header[j]] = [header[j]!, header[i]!];
  }),
  csvMutation("weird values in cells", (csv, rng) => {
    for (let n = rng.int(1, 6); n > 0; n--) {
      const cells = dataLine(csv, rng);
      cells[rng.int(0, cells.length - 1)] = rng.pick(weirdValues);
    }
  }),
  csvMutation("delete and duplicate lines", (csv, rng) => {
    for (let n = rng.int(1, 5); n > 0; n--) {
      const i = rng.int(1, csv.lines.length - 1);
      if (rng.chance(0.5)) csv.lines.splice(i, 1);
      else csv.lines.splice(i, 0, [...csv.lines[i]!]);
      if (csv.lines.length < 2) break;
    }
  }),
  csvMutation("re-encode", (csv, rng) => {
    const [target, bom] = rng.pick([
      ["utf-8", false],
      ["utf-8", true],
      ["gbk", false],
      ["utf16le", true],
      ["utf16le", false],
      ["utf16be", true],
      ["big5", false]
    ] as const);
    return encodeCsv(csv, target, bom);
  }),
  csvMutation("stray quote", (csv, rng) => {
    const cells = dataLine(csv, rng);
    const k = rng.int(0, cells.length - 1);
    const at = rng.int(0, cells[k]!.length);
    cells[k] = `${cells[k]!.slice(0, at)}"${cells[k]!.slice(at)}`;
  }),
  csvMutation("blank the header", (csv) => {
    csv.lines[0] = csv.lines[0]!.map(() => "");
  }),
  csvMutation("cells beyond the header", (csv, rng) => {
    const cells = dataLine(csv, rng);
    for (let n = rng.int(1, 60); n > 0; n--) cells.push(rng.chance(0.2) ? "" : `多余${n}`);
  }),
  csvMutation("a second header inside the data", (csv, rng) => {
    const header = [...csv.lines[0]!];
    if (rng.chance(0.5)) {
      const [i, j] = [rng.int(0, header.length - 1), rng.int(0, header.length - 1)];
      [header[i], header[j]] = [header[j]!, header[i]!];
    }
    csv.lines.splice(rng.int(1, csv.lines.length), 0, header);
  }),
  csvMutation("invisible characters in header cells", (csv, rng) => {
    const header = csv.lines[0]!;
    for (let n = rng.int(1, 4); n > 0; n--) {
      const k = rng.int(0, header.length - 1);
      const at = rng.int(0, header[k]!.length);
      header[k] = header[k]!.slice(0, at) + rng.pick(["\u200B", "\uFEFF", "\u00A0", "\u200D"]) + header[k]!.slice(at);
    }
  }),
  csvMutation("semicolons and decimal commas", (csv) => {
    csv.lines = csv.lines.map((cells) => [cells.map((c) => c.replace(/^(\d+)\.(\d+)$/, "$1,$2")).join(";")]);
  })
];

// ---- workbooks: edit worksheet XML or drop parts, then zip again ------------------------------------------

function xlsxMutation(name: string, edit: (entries: ZipEntry[], rng: Rng) => ZipEntry[]): Mutation {
  return {
    name,
    formats: [".xlsx"],
    apply(bytes, rng) {
      let entries: ZipEntry[];
      try {
        entries = readZip(bytes);
      } catch {
        return flipBytes.apply(bytes, rng);
      }
      return writeZip(edit(entries, rng));
    }
  };
}

function editText(
  entries: ZipEntry[],
  rng: Rng,
  pattern: RegExp,
  edit: (text: string, rng: Rng) => string
): ZipEntry[] {
  const candidates = entries.filter((e) => pattern.test(e.name));
  if (candidates.length === 0) return entries;
  const target = rng.pick(candidates);
  return entries.map((e) =>
    e === target ? {name: e.name, data: Buffer.from(edit(e.data.toString("utf8"), rng), "utf8")} : e
  );
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[c]!);
const worksheet = /^xl\/worksheets\/.+\.xml$/;

const xlsxMutations: Mutation[] = [
  xlsxMutation("weird values in cells", (entries, rng) =>
    editText(entries, rng, /^xl\/(sharedStrings|worksheets\/.+)\.xml$/, (xml, rng) => {
      const values = [...xml.matchAll(/<(t|v)( [^>]*)?>([^<]*)<\/\1>/g)];
      for (let n = rng.int(1, 6); n > 0 && values.length; n--) {
        const match = rng.pick(values);
        xml = xml.replace(match[0], `<${match[1]}${match[2] ?? ""}>${escapeXml(rng.pick(weirdValues))}</${match[1]}>`);
      }
      return xml;
    })
  ),
  xlsxMutation("delete cells", (entries, rng) =>
    editText(entries, rng, worksheet, (xml, rng) => {
      const cells = [...xml.matchAll(/<c [^>]*?(\/>|>.*?<\/c>)/g)];
      for (let n = rng.int(1, 8); n > 0 && cells.length; n--) xml = xml.replace(rng.pick(cells)[0], "");
      return xml;
    })
  ),
  xlsxMutation("cut the worksheet XML", (entries, rng) =>
    editText(entries, rng, worksheet, (xml, rng) => xml.slice(0, rng.int(0, xml.length - 1)))
  ),
  xlsxMutation("swap cell references", (entries, rng) =>
    editText(entries, rng, worksheet, (xml, rng) => {
      const refs = [...xml.matchAll(/ r="([A-Z]+\d+)"/g)].map((m) => m[1]!);
      if (refs.length < 2) return xml;
      const [a, b] = [rng.pick(refs), rng.pick(refs)];
      return xml
        .replaceAll(` r="${a}"`, ' r="@@"')
        .replaceAll(` r="${b}"`, ` r="${a}"`)
        .replaceAll(' r="@@"', ` r="${b}"`);
    })
  ),
  xlsxMutation("drop a part", (entries, rng) => {
    const victim = rng.pick(entries);
    return entries.filter((e) => e !== victim);
  })
];

export const mutations: Mutation[] = [
  flipBytes,
  insertBytes,
  deleteRange,
  truncate,
  duplicateRange,
  ...csvMutations,
  ...xlsxMutations
];

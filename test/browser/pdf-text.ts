// Just enough of PDF to read back what Chromium printed (Skia's PDF writer): the page count, the document
// title, and the text of every text-showing operator decoded through the fonts' ToUnicode maps. No layout:
// characters come out in drawing order, which for one line of HTML text is reading order.
import {inflateSync} from "node:zlib";

interface PdfObject {
  dictionary: string;
  stream: Buffer | null;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString("latin1");
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const id = Number(m[1]);
    const end = text.indexOf("endobj", header.lastIndex);
    const body = text.slice(header.lastIndex, end);
    const streamAt = body.search(/stream\r?\n/);
    if (streamAt < 0) {
      objects.set(id, {dictionary: body, stream: null});
      continue;
    }
    const dictionary = body.slice(0, streamAt);
    const start = header.lastIndex + streamAt + (body.slice(streamAt).startsWith("stream\r\n") ? 8 : 7);
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1] ?? 0);
    let data = pdf.subarray(start, start + length);
    if (/\/FlateDecode/.test(dictionary)) {
      try {
        data = inflateSync(data);
      } catch {
        // images and fonts with other filters are of no interest here
      }
    }
    objects.set(id, {dictionary, stream: data});
  }
  return objects;
}

/** Code (hex) → Unicode text, from a ToUnicode CMap's bfchar and bfrange sections. */
function parseCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const [, block] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, unicode] of block!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(code!.toUpperCase(), utf16(unicode!));
  }
  for (const [, block] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, unicode] of block!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const width = lo!.length;
      for (let code = parseInt(lo!, 16), u = parseInt(unicode!, 16); code <= parseInt(hi!, 16); code++, u++) {
        map.set(code.toString(16).toUpperCase().padStart(width, "0"), String.fromCharCode(u));
      }
    }
  }
  return map;
}

function decodeHex(hex: string, cmap: Map<string, string> | undefined): string {
  if (!cmap) return "";
  const clean = hex.replace(/\s/g, "").toUpperCase();
  const width = cmap.keys().next().value?.length ?? 2;
  let out = "";
  for (let i = 0; i < clean.length; i += width) out += cmap.get(clean.slice(i, i + width)) ?? "";
  return out;
}

export interface PdfText {
  pages: number;
  title: string | null;
  text: string;
}

export function readPdfText(pdf: Buffer): PdfText {
  const objects = readObjects(pdf);
  // font resource name (/F4) → ToUnicode map of the font object it names
  const fontMaps = new Map<string, Map<string, string>>();
  for (const object of objects.values()) {
    for (const [, fontDict] of object.dictionary.matchAll(/\/Font\s*<<([\s\S]*?)>>/g)) {
      for (const [, name, ref] of fontDict!.matchAll(/\/([A-Za-z0-9]+)\s+(\d+) 0 R/g)) {
        const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(Number(ref))?.dictionary ?? "")?.[1];
        const cmap = toUnicode ? objects.get(Number(toUnicode))?.stream : null;
        if (cmap && !fontMaps.has(name!)) fontMaps.set(name!, parseCMap(cmap.toString("latin1")));
      }
    }
  }
  let text = "";
  for (const object of objects.values()) {
    if (!object.stream || !/\bBT\b/.test(object.stream.toString("latin1", 0, Math.min(object.stream.length, 1 << 20))))
      continue;
    const content = object.stream.toString("latin1");
    let font: Map<string, string> | undefined;
    let actualText = false;
    const ops =
      /\/([A-Za-z0-9]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>\s*Tj|\[([^\]]*)\]\s*TJ|\/ActualText\s*<FEFF([0-9A-Fa-f]*)>|\bEMC\b|\bET\b/g;
    for (const m of content.matchAll(ops)) {
      if (m[1]) font = fontMaps.get(m[1]);
      else if (m[4] !== undefined) {
        text += String.fromCharCode(...(m[4].match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
        actualText = true;
      } else if (m[0] === "EMC") actualText = false;
      else if (m[0] === "ET") text += "\n";
      else if (!actualText && m[2] !== undefined) text += decodeHex(m[2], font);
      else if (!actualText && m[3] !== undefined)
        for (const [, hex] of m[3].matchAll(/<([0-9A-Fa-f\s]*)>/g)) text += decodeHex(hex!, font);
    }
  }
  const pages = [...objects.values()].filter((o) => /\/Type\s*\/Page(?!s)\b/.test(o.dictionary)).length;
  const titleHex = /\/Title\s*<FEFF([0-9A-Fa-f]*)>/.exec(pdf.toString("latin1"))?.[1];
  const title = titleHex ? String.fromCharCode(...(titleHex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16))) : null;
  return {pages, title, text};
}

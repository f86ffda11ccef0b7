import {readdirSync, readFileSync, statSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {gzipSync} from "node:zlib";

export interface PageData {
  /** Page path in the built site, e.g. quality.html. */
  page: string;
  /** Bytes of the data files the page references (dist/_file/…, data-loader outputs and attachments). */
  bytes: number;
  gzipBytes: number;
  files: {file: string; bytes: number}[];
}

function htmlPages(dist: string): string[] {
  return readdirSync(dist, {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !relative(dist, file).startsWith("_"));
}

/**
 * Each page's data. Framework copies every FileAttachment into dist/_file/<path>.<hash8>.<ext> and registers
 * it in the page's HTML (`registerFile(…, {"path":"./_file/data/quality.1a2b3c4d.json", …})`); a page's data
 * is the set of such files its HTML names.
 */
export function pageDataSizes(dist: string): PageData[] {
  return htmlPages(dist)
    .map((html) => {
      const text = readFileSync(html, "utf8");
      const files = new Set<string>();
      for (const [, ref] of text.matchAll(/["']((?:\.{1,2}\/|\/)?(?:\.\.\/)*_file\/[^"'?#]+)/g)) {
        const path = ref!.startsWith("/") ? join(dist, ref!) : resolve(dirname(html), ref!);
        files.add(path);
      }
      const sized = [...files].sort().map((file) => ({file: relative(dist, file), bytes: statSync(file).size}));
      const gzipBytes = [...files].reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
      return {page: relative(dist, html), bytes: sized.reduce((s, f) => s + f.bytes, 0), gzipBytes, files: sized};
    })
    .sort((a, b) => a.page.localeCompare(b.page));
}

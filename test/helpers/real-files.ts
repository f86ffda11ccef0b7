import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import iconv from "iconv-lite";
import {decodeEntities} from "../../pipelines/read/xlsx/xml.js";
import {openZipPart, readZipDirectory} from "../../pipelines/read/xlsx/zip.js";

/** The shared real files (outside the repository; CI clones the repository with ../shared beside it). */
export const realFilesDir = fileURLToPath(new URL("../../../shared/real-files/", import.meta.url));

/**
 * Every text of a shared real file, to show that a fixture's strings were taken from it: a CSV decoded
 * (GB18030 when its name says so), or a workbook's shared strings with XML entities decoded.
 */
export async function realFileText(name: string): Promise<string> {
  const path = realFilesDir + name;
  if (name.endsWith(".csv")) return iconv.decode(readFileSync(path), name.includes("gb18030") ? "gb18030" : "utf8");
  const part = (await readZipDirectory(path)).get("xl/sharedStrings.xml");
  if (!part) throw new Error(`${name} has no shared strings`);
  const chunks: Buffer[] = [];
  for await (const chunk of await openZipPart(path, part)) chunks.push(chunk as Buffer);
  return decodeEntities(Buffer.concat(chunks).toString("utf8"));
}

// Writes a staged release folder as one archive: .tar.gz for Linux (node-tar: keeps modes and the .bin symlinks,
// same result on any build machine), .zip for Windows (yazl: streams file by file and marks every name as UTF-8,
// so Chinese names survive on a Chinese Windows that would otherwise read them as GBK).
import {createWriteStream, lstatSync, mkdirSync, readdirSync} from "node:fs";
import {dirname, join} from "node:path";
import {pipeline} from "node:stream/promises";
import {create as createTar} from "tar";
import {ZipFile} from "yazl";
import type {ReleaseTarget} from "./targets.js";

export interface ArchiveResult {
  file: string;
  /** Files, folders and links written. */
  entries: number;
}

/** Archives `<parentDir>/<folder>` (the folder is the archive's single top-level entry) into `file`. */
export async function writeArchive(
  parentDir: string,
  folder: string,
  target: ReleaseTarget,
  file: string
): Promise<ArchiveResult> {
  mkdirSync(dirname(file), {recursive: true});
  const entries = walk(parentDir, folder);
  if (target.archive === "zip") await writeZip(parentDir, entries, file);
  else await createTar({gzip: true, portable: true, cwd: parentDir, file}, [folder]);
  return {file, entries: entries.length};
}

interface Entry {
  /** Relative to the parent folder, with forward slashes. */
  path: string;
  kind: "file" | "dir" | "link";
}

/** Every entry under `folder`, folders before their contents, names sorted: the same tree gives the same order. */
function walk(parentDir: string, folder: string): Entry[] {
  const entries: Entry[] = [{path: folder, kind: "dir"}];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.kind !== "dir") continue;
    const names = readdirSync(join(parentDir, entry.path)).sort();
    for (const name of names) {
      const path = `${entry.path}/${name}`;
      const stat = lstatSync(join(parentDir, path));
      entries.push({path, kind: stat.isSymbolicLink() ? "link" : stat.isDirectory() ? "dir" : "file"});
    }
  }
  return entries;
}

async function writeZip(parentDir: string, entries: Entry[], file: string): Promise<void> {
  const link = entries.find((entry) => entry.kind === "link");
  if (link) throw new Error(`Windows 压缩包不能含符号链接：${link.path}`);
  const zip = new ZipFile();
  // yazl reports a file it cannot read on the ZipFile, not on its output stream.
  const failed = new Promise<never>((_, reject) => zip.on("error", reject));
  const written = pipeline(zip.outputStream, createWriteStream(file));
  for (const entry of entries) {
    if (entry.kind === "dir") zip.addEmptyDirectory(entry.path);
    else zip.addFile(join(parentDir, entry.path), entry.path);
  }
  zip.end();
  await Promise.race([written, failed]);
}

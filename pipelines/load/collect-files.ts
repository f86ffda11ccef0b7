import {readdirSync, statSync} from "node:fs";
import {extname, join} from "node:path";
import {supportedExtensions} from "../read/index.js";

/**
 * The files named on the command line, with directories expanded (recursively, sorted by path).
 * Inside directories only loadable files are taken; Excel lock files
 * (~$…) and hidden files are left alone.
 */
export function collectFiles(paths: string[]): string[] {
  const files: string[] = [];
  const wanted = new Set(supportedExtensions);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith(".") || name.startsWith("~$")) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (wanted.has(extname(name).toLowerCase())) files.push(path);
    }
  };
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new Error(`找不到文件或目录：${path}`);
    }
    if (stats.isDirectory()) walk(path);
    else files.push(path);
  }
  return files;
}

import {lstatSync, readdirSync, realpathSync, statSync, type Stats} from "node:fs";
import {extname, join} from "node:path";
import {supportedExtensions} from "../read/index.js";

export interface SkippedPath {
  path: string;
  /** Chinese: why the path was not loaded. */
  reason: string;
}

export interface CollectedFiles {
  files: string[];
  /** Paths passed over, each said on its own line: a named pipe, a symlink loop, an unreadable folder… */
  skipped: SkippedPath[];
}

function kindOf(stats: Stats): string | null {
  if (stats.isFIFO()) return "命名管道（FIFO）";
  if (stats.isSocket()) return "套接字";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "设备文件";
  return null;
}

/** Why following a symlink (or reading a path) failed, in Chinese; null when the error is not about the link. */
function linkProblem(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ELOOP") return "符号链接形成循环（链接最终指回自己），无法读取";
  if (code === "ENOENT" || code === "ENOTDIR") return "符号链接指向的文件不存在（链接已失效）";
  if (code === "EACCES" || code === "EPERM") return "没有读取权限";
  return null;
}

/**
 * The files named on the command line, with directories expanded (recursively, sorted by path). Inside
 * directories only loadable files are taken; Excel lock files (~$…) and hidden files are left alone. Only regular
 * files are ever returned: a named pipe would block the load forever on its first read, so pipes, sockets and
 * devices are skipped, as are symlinks that loop or point nowhere and folders that cannot be read — each with a
 * reason, the other files still load. Symlinks to files and folders are followed (a folder reached twice is
 * walked once).
 */
export function collectFiles(paths: string[]): CollectedFiles {
  const files: string[] = [];
  const skipped: SkippedPath[] = [];
  const wanted = new Set(supportedExtensions);
  const walked = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    let names: string[];
    try {
      real = realpathSync(dir);
      names = readdirSync(dir).sort();
    } catch (error) {
      skipped.push({path: dir, reason: `无法读取该目录：${linkProblem(error) ?? "读取失败"}`});
      return;
    }
    if (walked.has(real)) return;
    walked.add(real);
    for (const name of names) {
      if (name.startsWith(".") || name.startsWith("~$")) continue;
      visit(join(dir, name), wanted.has(extname(name).toLowerCase()));
    }
  };
  /** `loadable`: the name is one we load, so a problem with it is reported; other names are left alone quietly. */
  const visit = (path: string, loadable: boolean) => {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      const problem = linkProblem(error);
      const isLink = lstatSync(path, {throwIfNoEntry: false})?.isSymbolicLink() ?? false;
      if (loadable || isLink) skipped.push({path, reason: problem ?? "无法读取"});
      return;
    }
    if (stats.isDirectory()) return walk(path);
    const kind = kindOf(stats);
    if (kind) {
      if (loadable) skipped.push({path, reason: `这是${kind}，不是普通文件，已跳过（读取它会一直等待）`});
      return;
    }
    if (loadable) files.push(path);
  };
  for (const path of paths) {
    const stats = lstatSync(path, {throwIfNoEntry: false});
    if (!stats) throw new Error(`找不到文件或目录：${path}`);
    // Named on the command line, a file is loaded whatever its extension (the reader refuses what it cannot read).
    visit(path, true);
  }
  return {files, skipped};
}

import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {fileURLToPath} from "node:url";

export const projectRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** Git-ignored: run reports, the input cache and scratch warehouses. */
export const benchOutDir = join(projectRoot, "bench/out");
export const cacheDir = join(benchOutDir, "cache");
export const workDir = join(benchOutDir, "work");

function filesUnder(dir: string): string[] {
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * A short hash of the source files under `dirs` (paths relative to the project): cached inputs carry it in
 * their names, so changing the generator or the loader makes a fresh input instead of reusing a stale one.
 */
export function sourceHash(dirs: string[]): string {
  const hash = createHash("sha256");
  for (const dir of dirs) {
    for (const file of filesUnder(join(projectRoot, dir)))
      hash.update(relative(projectRoot, file)).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 10);
}

/**
 * The cached file or directory at `path`, built by `build` into a sibling temp path and renamed into place
 * only once complete, so an interrupted run never leaves a half-written input that a later run would trust.
 */
export async function cached(path: string, build: (target: string) => Promise<void>): Promise<string> {
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), {recursive: true});
  const partial = `${path}.partial-${process.pid}`;
  rmSync(partial, {recursive: true, force: true});
  try {
    await build(partial);
    renameSync(partial, path);
  } finally {
    rmSync(partial, {recursive: true, force: true});
  }
  return path;
}

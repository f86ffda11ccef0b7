import {mkdirSync, rmSync, statSync} from "node:fs";
import {join, resolve} from "node:path";
import {setTimeout as sleep} from "node:timers/promises";

const projectRoot = resolve(import.meta.dirname, "../..");
const lockDir = join(projectRoot, "src/.observablehq/build.lock");

/**
 * Runs `work` holding the site-build lock. Every build shares Framework's cache of data-loader outputs
 * (src/.observablehq/cache), so two builds at once — a hospital pack and a full build, or two tests — would
 * publish each other's data. A lock older than `staleMs` is taken to be left by a killed build.
 */
export async function withSiteBuildLock<T>(work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireSiteBuildLock(options);
  try {
    return await work();
  } finally {
    release();
  }
}

export interface LockOptions {
  timeoutMs?: number;
  staleMs?: number;
}

/** Takes the site-build lock (see withSiteBuildLock) and returns its release; for holders like a preview server. */
export async function acquireSiteBuildLock({timeoutMs = 15 * 60_000, staleMs = 20 * 60_000}: LockOptions = {}): Promise<
  () => void
> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lockDir, {recursive: false});
      return () => rmSync(lockDir, {recursive: true, force: true});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        mkdirSync(join(lockDir, ".."), {recursive: true});
        continue;
      }
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const heldSince = statSync(lockDir, {throwIfNoEntry: false})?.mtimeMs ?? Date.now();
      if (Date.now() - heldSince > staleMs) {
        rmSync(lockDir, {recursive: true, force: true});
        continue;
      }
      if (Date.now() > deadline) throw new Error(`另一个网站构建正在进行（${lockDir}），请稍后重试`);
      await sleep(500);
    }
  }
}

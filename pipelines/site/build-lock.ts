import {mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {hostname} from "node:os";
import {join, resolve} from "node:path";
import {setTimeout as sleep} from "node:timers/promises";
import {isProcessAlive} from "../os/process-alive.js";

const projectRoot = resolve(import.meta.dirname, "../..");
const defaultLockDir = join(projectRoot, "src/.observablehq/build.lock");
const ownerFile = "owner.json";

/**
 * Runs `work` holding the site-build lock. Every build shares Framework's cache of data-loader outputs
 * (src/.observablehq/cache), so two builds at once — a hospital pack and a full build, or two tests — would
 * publish each other's data.
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
  /** A lock whose holder cannot be checked (another machine, no owner file) is taken as stale after this long. */
  staleMs?: number;
  /** The lock's folder; default src/.observablehq/build.lock (tests use their own). */
  lockDir?: string;
}

interface Owner {
  pid: number;
  host: string;
  since: string;
}

function readOwner(lockDir: string): Owner | null {
  try {
    return JSON.parse(readFileSync(join(lockDir, ownerFile), "utf8")) as Owner;
  } catch {
    return null;
  }
}

/**
 * Whether a held lock was left by a build that is gone: its holder's PID no longer runs on this machine (a build
 * killed with SIGKILL, or a machine restarted). Without an owner (a lock being made right now, or made by an
 * older version) or from another machine, only its age tells.
 */
function isStale(lockDir: string, staleMs: number): boolean {
  const owner = readOwner(lockDir);
  if (owner && owner.host === hostname()) return !isProcessAlive(owner.pid);
  const heldSince = statSync(lockDir, {throwIfNoEntry: false})?.mtimeMs ?? Date.now();
  return Date.now() - heldSince > (owner ? staleMs : Math.min(staleMs, 60_000));
}

const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Takes the site-build lock (see withSiteBuildLock) and returns its release; for holders like a preview server.
 * The lock records its holder (PID and host), so a lock left by a killed build is taken over at once, and it is
 * released on Ctrl-C (SIGINT), SIGTERM and SIGHUP — the signal then ends the process as it would have — and on exit.
 */
export async function acquireSiteBuildLock({
  timeoutMs = 15 * 60_000,
  staleMs = 20 * 60_000,
  lockDir = defaultLockDir
}: LockOptions = {}): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lockDir, {recursive: false});
      const owner: Owner = {pid: process.pid, host: hostname(), since: new Date().toISOString()};
      writeFileSync(join(lockDir, ownerFile), `${JSON.stringify(owner)}\n`);
      return holdUntilReleased(lockDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        mkdirSync(join(lockDir, ".."), {recursive: true});
        continue;
      }
      if (code !== "EEXIST") throw error;
      if (isStale(lockDir, staleMs)) {
        rmSync(lockDir, {recursive: true, force: true});
        continue;
      }
      if (Date.now() > deadline) {
        const owner = readOwner(lockDir);
        const who = owner ? `（PID ${owner.pid}，${owner.since.slice(0, 19).replace("T", " ")} 起）` : "";
        throw new Error(`另一个网站构建正在进行${who}，请等它结束后重试（锁：${lockDir}）`);
      }
      await sleep(500);
    }
  }
}

/** Installs the signal and exit handlers that give the lock back; returns the release. */
function holdUntilReleased(lockDir: string): () => void {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    for (const signal of signals) process.off(signal, onSignal);
    process.off("exit", release);
    // Only our own lock: a lock taken over as stale meanwhile belongs to someone else.
    if (readOwner(lockDir)?.pid === process.pid) rmSync(lockDir, {recursive: true, force: true});
  };
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    // Our handler stopped the default action; do it now, so the process ends as the signal meant.
    process.kill(process.pid, signal);
  };
  for (const signal of signals) process.once(signal, onSignal);
  process.once("exit", release);
  return release;
}

import type {ReleaseTarget} from "./targets.js";

/** The fields of a package-lock.json `packages` entry that decide whether npm installs it on a platform. */
export interface LockEntry {
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

export interface PlatformPackages {
  /** Lock paths (`node_modules/…`) of production packages built for the target: the release must hold each. */
  required: string[];
  /** Production packages built for other platforms: the release must hold none. */
  foreign: string[];
}

/**
 * Splits the lock file's platform-specific production packages (DuckDB's bindings, esbuild's and rollup's
 * binaries…) into those the target needs and those it must not carry, by npm's own os/cpu/libc rules.
 */
export function platformPackages(packages: Record<string, LockEntry>, target: ReleaseTarget): PlatformPackages {
  const required: string[] = [];
  const foreign: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    if (!path || entry.dev || (!entry.os && !entry.cpu && !entry.libc)) continue;
    (runsOn(entry, target) ? required : foreign).push(path);
  }
  return {required: required.sort(), foreign: foreign.sort()};
}

/** npm's rule: a list allows a value it names, forbids a `!value`, and a list of negations allows the rest. */
function allows(list: string[] | undefined, value: string): boolean {
  if (!list || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  const positives = list.filter((item) => !item.startsWith("!"));
  return positives.length === 0 || positives.includes(value);
}

function runsOn(entry: LockEntry, target: ReleaseTarget): boolean {
  // npm checks libc on Linux only.
  const libcOk = target.os !== "linux" || !target.libc || allows(entry.libc, target.libc);
  return allows(entry.os, target.os) && allows(entry.cpu, target.cpu) && libcOk;
}

/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
export function packageNameOf(lockPath: string): string {
  return lockPath.slice(lockPath.lastIndexOf("node_modules/") + "node_modules/".length);
}

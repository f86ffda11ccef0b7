import {readdirSync, rmSync} from "node:fs";
import {join, resolve} from "node:path";
import {seedNpmCache} from "./npm-cache.js";

/** Framework's cache directory for the site rooted at `src/`. */
export const defaultSiteCacheDir = resolve("src/.observablehq/cache");

/** Bundles of node_modules packages, keyed by package version: kept between builds. */
const keptEntries = new Set(["_node"]);
/** Rewritten by seedNpmCache on every run. */
const seededEntry = "_npm";

export interface SitePrepareResult {
  cacheDir: string;
  /** Cache entries removed (data-loader outputs, stale client bundles). */
  cleared: string[];
  /** Number of `_npm/<name>@…` directories seeded. */
  seededPackages: number;
}

/**
 * Readies Framework's cache for a build or preview:
 * - removes data-loader outputs, because `observable build` reuses a cached output whatever its age
 *   (a stale cache would publish yesterday's warehouse);
 * - seeds `_npm` so that no version lookup reaches the npm registry (see npm-cache.ts).
 */
export function prepareSiteCache(cacheDir = defaultSiteCacheDir): SitePrepareResult {
  const cleared: string[] = [];
  for (const entry of safeReaddir(cacheDir)) {
    if (keptEntries.has(entry) || entry === seededEntry) continue;
    rmSync(join(cacheDir, entry), {recursive: true, force: true});
    cleared.push(entry);
  }
  const seeded = seedNpmCache(cacheDir);
  return {cacheDir, cleared: cleared.sort(), seededPackages: seeded.length};
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

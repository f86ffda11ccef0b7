import {execFile} from "node:child_process";
import {delimiter, join, resolve} from "node:path";
import {promisify} from "node:util";
import {withSiteBuildLock} from "./build-lock.js";
import {prepareSiteCache} from "./prepare.js";

const run = promisify(execFile);
const projectRoot = resolve(import.meta.dirname, "../..");
const observableBin = join(projectRoot, "node_modules/@observablehq/framework/dist/bin/observable.js");

/**
 * Builds the site (src/) into `outDir` from the warehouse at `dbPath`: site-prepare, then `observable build`.
 * Framework's data-loader cache is cleared before and after, so neither this build nor a later one serves
 * the other's data; builds take turns (withSiteBuildLock).
 */
export async function buildSiteInto(options: {dbPath: string; outDir: string}): Promise<{ms: number}> {
  return withSiteBuildLock(() => build(options));
}

async function build({dbPath, outDir}: {dbPath: string; outDir: string}): Promise<{ms: number}> {
  const cacheDir = join(projectRoot, "src/.observablehq/cache");
  prepareSiteCache(cacheDir);
  const started = performance.now();
  try {
    await run(process.execPath, [observableBin, "build"], {
      cwd: projectRoot,
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        // Framework spawns `tsx` for .ts data loaders, as `npm run` would find it.
        PATH: [join(projectRoot, "node_modules/.bin"), process.env.PATH].join(delimiter),
        JICAI_DB: dbPath,
        JICAI_SITE_OUT: outDir
      }
    });
  } catch (error) {
    const failure = error as {stdout?: string; stderr?: string; message: string};
    const detail = `${failure.stderr ?? ""}${failure.stdout ?? ""}`.trim().split("\n").slice(-5).join("\n");
    throw new Error(`网站构建失败：${detail || failure.message}`);
  } finally {
    prepareSiteCache(cacheDir);
  }
  return {ms: Math.round(performance.now() - started)};
}

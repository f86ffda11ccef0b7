import {execFile} from "node:child_process";
import {cpSync, existsSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {delimiter, join, resolve} from "node:path";
import {promisify} from "node:util";
import {prepareSiteCache} from "./prepare.js";
import {inPrivateSiteProject} from "./private-project.js";

const run = promisify(execFile);
const projectRoot = resolve(import.meta.dirname, "../..");
const observableBin = join(projectRoot, "node_modules/@observablehq/framework/dist/bin/observable.js");

/**
 * Builds the site into `outDir` from the warehouse at `dbPath`: `observable build` in a private copy of the
 * project (inPrivateSiteProject), whose Framework cache starts empty and is thrown away afterwards, so no other
 * build, preview or hospital bundle can serve this build's data or this build theirs.
 */
export async function buildSiteInto({dbPath, outDir}: {dbPath: string; outDir: string}): Promise<{ms: number}> {
  refuseForeignFolder(outDir);
  return inPrivateSiteProject(async (root) => {
    prepareSiteCache(join(root, "src/.observablehq/cache"));
    // Framework neither clears nor overwrites an output folder outside its project: build inside, then replace.
    const built = join(root, "dist");
    const started = performance.now();
    try {
      await run(process.execPath, [observableBin, "build"], {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          // Framework spawns `tsx` for .ts data loaders, as `npm run` would find it.
          PATH: [join(projectRoot, "node_modules/.bin"), process.env.PATH].join(delimiter),
          JICAI_DB: resolve(dbPath),
          JICAI_SITE_OUT: built
        }
      });
    } catch (error) {
      const failure = error as {stdout?: string; stderr?: string; message: string};
      const log = join(tmpdir(), `jicai-site-build-${Date.now()}.log`);
      writeFileSync(log, `${failure.stdout ?? ""}\n${failure.stderr ?? ""}\n${failure.message}\n`);
      throw new Error(`网站构建失败：数据加载或页面构建出错，构建输出已保存到 ${log}，请查看后重试`);
    }
    rmSync(outDir, {recursive: true, force: true});
    cpSync(built, outDir, {recursive: true});
    return {ms: Math.round(performance.now() - started)};
  });
}

/** The output folder is replaced whole: only a missing or empty folder, or an earlier build of the site, may be. */
function refuseForeignFolder(outDir: string): void {
  if (!existsSync(outDir) || readdirSync(outDir).length === 0) return;
  if (existsSync(join(outDir, "_observablehq")) && existsSync(join(outDir, "index.html"))) return;
  throw new Error(`输出目录 ${outDir} 中已有其他文件，不是以前构建的网站：请换一个空目录`);
}

import {execFileSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {writeArchive} from "./archive.js";
import {stageRelease} from "./stage.js";
import {releaseName, type ReleaseTarget} from "./targets.js";

const projectRoot = resolve(import.meta.dirname, "../..");

export interface ReleaseArchive {
  target: string;
  file: string;
  bytes: number;
  entries: number;
  nativePackages: string[];
  seconds: number;
}

export interface BuildReleaseOptions {
  targets: readonly ReleaseTarget[];
  outDir: string;
  repoRoot?: string;
  log?: (line: string) => void;
}

/**
 * Builds one archive per target into `outDir` (jicai-<version>-<target>.tar.gz / .zip). Uses the network only
 * through npm, for packages not yet in its cache; what it writes installs and runs with no network.
 */
export async function buildRelease({
  targets,
  outDir,
  repoRoot = projectRoot,
  log = () => {}
}: BuildReleaseOptions): Promise<ReleaseArchive[]> {
  const {version} = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {version: string};
  const commit = gitCommit(repoRoot);
  const work = mkdtempSync(join(tmpdir(), "jicai-release-"));
  const archives: ReleaseArchive[] = [];
  try {
    for (const target of targets) {
      const started = performance.now();
      const name = releaseName(version, target);
      const parent = join(work, target.name);
      const staged = stageRelease({repoRoot, target, dir: join(parent, name), version, commit, log});
      const file = join(resolve(outDir), `${name}.${target.archive}`);
      const archiving = performance.now();
      const {entries} = await writeArchive(parent, name, target, file);
      log(`${target.name}：已写出 ${file}（压缩 ${((performance.now() - archiving) / 1000).toFixed(1)} 秒）`);
      rmSync(parent, {recursive: true, force: true});
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      archives.push({target: target.name, file, bytes: statSync(file).size, entries, seconds, ...staged});
    }
  } finally {
    rmSync(work, {recursive: true, force: true});
  }
  return archives;
}

/** The commit the release is built from, marked `-dirty` when tracked files differ from it. */
function gitCommit(repoRoot: string): string {
  const git = (...args: string[]) => execFileSync("git", args, {cwd: repoRoot, encoding: "utf8"}).trim();
  const head = git("rev-parse", "--short=12", "HEAD");
  return git("status", "--porcelain", "--untracked-files=no") ? `${head}-dirty` : head;
}

// Lays out one platform's release folder: the app's tracked files, its production dependencies for that
// platform (installed by npm from the lock file, native bindings included) and, at the top, the install guide,
// the one-command script and RELEASE.json.
import {execFileSync} from "node:child_process";
import {chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {basename, join} from "node:path";
import {packageNameOf, platformPackages, type LockEntry} from "./platform-packages.js";
import type {ReleaseTarget} from "./targets.js";

/** What the installed app needs at run time (bin → CLI, pipelines → loads and models, src → the site). */
const appPaths = [
  "bin",
  "pipelines",
  "src",
  "data/policy",
  "data/price-risk-tiers",
  "data/mappings",
  "data/issuer.json",
  "docs",
  "observablehq.config.ts",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "README.md"
];
/** Tracked but not for a bureau: the benchmark harness, the release templates (copied to the top), screenshots. */
const excludedPaths = [/^pipelines\/bench\//, /^pipelines\/release\/bundle\//, /^docs\/screenshots\//];

const bundleDir = join(import.meta.dirname, "bundle");

export interface StagedRelease {
  dir: string;
  /** Platform packages (name@version) the release carries, e.g. @duckdb/node-bindings-win32-x64@1.5.6-r.1. */
  nativePackages: string[];
}

export interface StageOptions {
  repoRoot: string;
  target: ReleaseTarget;
  /** The release folder to create (its name is the folder inside the archive). */
  dir: string;
  version: string;
  commit: string;
  /** Progress lines for the person building the release. */
  log?: (line: string) => void;
}

export function stageRelease({repoRoot, target, dir, version, commit, log = () => {}}: StageOptions): StagedRelease {
  mkdirSync(dir, {recursive: true});
  const files = appFiles(repoRoot);
  for (const file of files) cpSync(join(repoRoot, file), join(dir, file), {preserveTimestamps: true});
  log(`${target.name}：复制程序文件 ${files.length} 个`);
  const started = performance.now();
  installDependencies(dir, target);
  log(`${target.name}：已安装生产依赖（npm ci，${seconds(started)} 秒）`);
  const nativePackages = checkPlatformPackages(dir, target);
  if (target.os === "win32") {
    // npm links node_modules/.bin as symlinks on the build machine; Windows needs .cmd shims instead. Nothing in
    // the release runs a .bin command: the scripts call node with each package's own entry point.
    for (const binDir of binDirs(join(dir, "node_modules"))) rmSync(binDir, {recursive: true, force: true});
  }
  mkdirSync(join(dir, "data", "inbox"), {recursive: true});
  writeBundleFiles(dir, target, version);
  const release = {name: "jicai", version, target: target.name, commit, nativePackages};
  writeFileSync(join(dir, "RELEASE.json"), JSON.stringify(release, null, 2) + "\n");
  return {dir, nativePackages};
}

/** Every `.bin` folder of npm's command links: node_modules/.bin and those of nested node_modules. */
function binDirs(nodeModules: string): string[] {
  return readdirSync(nodeModules, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isDirectory() && entry.name === ".bin" && basename(entry.parentPath) === "node_modules")
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Files under appPaths that git tracks or would track (new, not ignored), with their working-tree contents: no
 * warehouse, inbox, site cache or other ignored output.
 */
function appFiles(repoRoot: string): string[] {
  const args = ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ...appPaths];
  const out = execFileSync("git", args, {cwd: repoRoot, encoding: "utf8"});
  return out
    .split("\0")
    .filter((file) => file && !excludedPaths.some((pattern) => pattern.test(file)))
    .filter((file) => existsSync(join(repoRoot, file)));
}

/**
 * `npm ci` of the production dependencies as the target platform would install them: npm's --os/--cpu/--libc pick
 * that platform's optional native packages from the lock file. Install scripts are skipped: they would run for
 * the build machine, and every native package we use ships its binary prebuilt.
 */
function installDependencies(dir: string, target: ReleaseTarget): void {
  const args = [
    "ci",
    "--omit=dev",
    `--os=${target.os}`,
    `--cpu=${target.cpu}`,
    ...(target.libc ? [`--libc=${target.libc}`] : []),
    "--ignore-scripts",
    "--prefer-offline",
    "--no-audit",
    "--no-fund",
    "--loglevel=error"
  ];
  const [command, prefix, shell] = npmCommand();
  try {
    execFileSync(command, [...prefix, ...args], {cwd: dir, stdio: ["ignore", "ignore", "pipe"], shell});
  } catch (error) {
    const stderr = String((error as {stderr?: Buffer}).stderr ?? "").trim();
    throw new Error(`为 ${target.name} 安装依赖失败（npm ci）：${stderr.split("\n").slice(-3).join(" ")}`);
  }
}

/** npm as `npm run` started us (its CLI script under this Node), else the `npm` on PATH. */
function npmCommand(): [string, string[], boolean] {
  const execPath = process.env.npm_execpath;
  if (execPath && /\.[cm]?js$/.test(execPath)) return [process.execPath, [execPath], false];
  return ["npm", [], process.platform === "win32"];
}

/** Fails unless every native package the target needs is installed and none of another platform's is. */
function checkPlatformPackages(dir: string, target: ReleaseTarget): string[] {
  const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry & {version?: string}>;
  };
  const {required, foreign} = platformPackages(lock.packages, target);
  const missing = required.filter((path) => !existsSync(join(dir, path, "package.json")));
  if (missing.length) throw new Error(`${target.name} 缺少平台依赖：${missing.map(packageNameOf).join("、")}`);
  const stray = foreign.filter((path) => existsSync(join(dir, path)));
  if (stray.length) throw new Error(`${target.name} 含有其他平台的依赖：${stray.map(packageNameOf).join("、")}`);
  return required.map((path) => `${packageNameOf(path)}@${lock.packages[path]!.version}`);
}

/** The install guide and the one-command script, with this release's name and version filled in. */
function writeBundleFiles(dir: string, target: ReleaseTarget, version: string): void {
  const name = basename(dir);
  const values: Record<string, string> = {
    version,
    target: target.name,
    name,
    archive: `${name}.${target.archive}`,
    engines: nodeEngines(dir)
  };
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      if (values[key] === undefined) throw new Error(`发布模板中有未知的占位符 {{${key}}}`);
      return values[key];
    });
  const guide = fill(readFileSync(join(bundleDir, "安装说明.txt"), "utf8"));
  if (target.os === "win32") {
    // Notepad on older Windows reads a file without a BOM as GBK; cmd.exe needs CRLF line ends.
    writeFileSync(join(dir, "安装说明.txt"), "\ufeff" + toCrlf(guide));
    writeFileSync(join(dir, "一键更新.cmd"), toCrlf(fill(readFileSync(join(bundleDir, "一键更新.cmd"), "utf8"))));
  } else {
    writeFileSync(join(dir, "安装说明.txt"), guide);
    const script = join(dir, "update.sh");
    writeFileSync(script, fill(readFileSync(join(bundleDir, "update.sh"), "utf8")));
    chmodSync(script, 0o755);
  }
}

function nodeEngines(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {engines: {node: string}}).engines.node;
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

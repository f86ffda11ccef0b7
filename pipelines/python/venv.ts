/**
 * The project's Python environment: one virtual environment in `.venv` (git-ignored) holding the pinned packages
 * of requirements.txt, for the Spark job and anything else the project runs in Python. `ensureVenv` creates or
 * updates it (network needed: run by `npm run setup:python` and before the tests); the commands only check it
 * with `requireVenv`, since nothing may reach the network at run time.
 */
import {spawnSync} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const venvDir = join(repoRoot, ".venv");
export const requirementsFile = join(repoRoot, "requirements.txt");
export const venvPython = join(venvDir, "bin", "python");
/** sha256 of requirements.txt when the venv was last brought up to date with it. */
const stampFile = join(venvDir, "jicai-requirements.sha256");

function requirementsDigest(): string {
  return createHash("sha256").update(readFileSync(requirementsFile)).digest("hex");
}

/** Whether .venv exists and holds exactly what requirements.txt lists now. */
export function venvIsCurrent(): boolean {
  return (
    existsSync(requirementsFile) &&
    existsSync(venvPython) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, "utf8").trim() === requirementsDigest()
  );
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, {cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"]});
  if (result.error || result.status !== 0) {
    const detail = (result.stderr || result.error?.message || "").trim().split("\n").slice(-3).join(" / ");
    throw new Error(`${what}失败：${detail}`);
  }
}

/** Creates .venv and installs requirements.txt into it, unless it is already current. Idempotent. */
export function ensureVenv(log: (line: string) => void = () => {}): void {
  if (venvIsCurrent()) return;
  if (!existsSync(venvPython)) {
    log(`创建 Python 虚拟环境 ${venvDir} …`);
    run("python3", ["-m", "venv", venvDir], "创建 Python 虚拟环境（需要 python3 与 venv 模块）");
  }
  log(`安装 ${requirementsFile} 中的 Python 包 …`);
  run(
    venvPython,
    ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-r", requirementsFile],
    "安装 Python 包（需要联网）"
  );
  writeFileSync(stampFile, `${requirementsDigest()}\n`);
}

/** For run time: the venv's python, or one Chinese line saying how to install it. */
export function requireVenv(): string {
  if (!venvIsCurrent())
    throw new Error("Python 环境未安装或与 requirements.txt 不符：请先运行 npm run setup:python（需要联网）");
  return venvPython;
}

/** Spark runs on Java 17 or 21; the line says what to install when `java` is missing or too old. */
export function requireJava(): void {
  const result = spawnSync("java", ["-version"], {encoding: "utf8"});
  const version = /version "(\d+)/.exec(`${result.stderr ?? ""}${result.stdout ?? ""}`)?.[1];
  if (result.error || !version)
    throw new Error("未找到 Java：Spark 需要 Java 17 或 21（Debian：apt-get install openjdk-17-jre-headless）");
  if (Number(version) < 17) throw new Error(`Java 版本为 ${version}：Spark 4 需要 Java 17 或 21`);
}

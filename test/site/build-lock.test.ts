import {spawn, spawnSync} from "node:child_process";
import {existsSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {hostname} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {describe, expect, it} from "vitest";
import {acquireSiteBuildLock} from "../../pipelines/site/build-lock.js";
import {tempDir} from "../helpers/temp.js";

/**
 * The site-build lock (hospital-pack, site builds) must never outlive its holder: Ctrl-C or SIGTERM gives it back
 * before the process ends, and a lock whose holder was killed outright (SIGKILL, a crash) is taken over at once —
 * before, the next pack waited for the lock to age 20 minutes. Each test uses its own lock folder.
 */

const lockModule = fileURLToPath(new URL("../../pipelines/site/build-lock.ts", import.meta.url));
const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** A process holding the lock in `lockDir` until signalled. */
async function holder(lockDir: string) {
  const script = `import {acquireSiteBuildLock} from ${JSON.stringify(lockModule)};
await acquireSiteBuildLock({lockDir: process.argv[1], timeoutMs: 5000});
process.stdout.write("held\\n");
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, lockDir], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "inherit"]
  });
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) =>
    child.on("exit", (code, signal) => resolve({code, signal}))
  );
  await new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.stdout.on("data", (chunk) => String(chunk).includes("held") && resolve());
    void exited.then(() => reject(new Error("the holder exited before taking the lock")));
  });
  return {pid: child.pid!, exited, kill: (signal: NodeJS.Signals) => child.kill(signal)};
}

describe("the site-build lock", () => {
  const dir = tempDir("jicai-build-lock-");

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`is given back when its holder gets ${signal}, which still ends the holder`, async () => {
      const lockDir = join(dir, `lock-${signal}`);
      const held = await holder(lockDir);
      expect(JSON.parse(readFileSync(join(lockDir, "owner.json"), "utf8"))).toMatchObject({pid: held.pid});
      held.kill(signal);
      expect(await held.exited).toEqual({code: null, signal});
      expect(existsSync(lockDir)).toBe(false);
      const started = Date.now();
      const release = await acquireSiteBuildLock({lockDir, timeoutMs: 2000});
      expect(Date.now() - started).toBeLessThan(1000);
      release();
    });
  }

  it("is taken over at once from a holder killed with SIGKILL, and only then", async () => {
    const lockDir = join(dir, "lock-killed");
    const held = await holder(lockDir);
    await expect(acquireSiteBuildLock({lockDir, timeoutMs: 1500})).rejects.toThrow(
      new RegExp(`^另一个网站构建正在进行（PID ${held.pid}，`)
    );
    held.kill("SIGKILL");
    await held.exited;
    expect(existsSync(lockDir)).toBe(true);
    const started = Date.now();
    const release = await acquireSiteBuildLock({lockDir, timeoutMs: 5000});
    expect(Date.now() - started).toBeLessThan(1000);
    expect(JSON.parse(readFileSync(join(lockDir, "owner.json"), "utf8"))).toMatchObject({pid: process.pid});
    release();
    expect(existsSync(lockDir)).toBe(false);
  });

  it("takes over a lock recorded by a process that no longer exists, even a fresh one", async () => {
    const lockDir = join(dir, "lock-gone");
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {encoding: "utf8"});
    mkdirSync(lockDir);
    writeFileSync(join(lockDir, "owner.json"), JSON.stringify({pid: Number(gone.stdout), host: hostname(), since: ""}));
    const release = await acquireSiteBuildLock({lockDir, timeoutMs: 2000});
    release();
    expect(existsSync(lockDir)).toBe(false);
  });
});

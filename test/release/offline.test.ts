// The linux-x64 release as a bureau installs it: built, unpacked with tar into a fresh folder, then run inside a
// network namespace that has no network (unshare -n, loopback only): it generates and loads the sample, builds
// the site and serves it, and Chromium, started inside the same namespace, opens every page. Anything that
// reaches for the network, or a package the archive lacks, fails the load, the build or a page.
import {spawn, spawnSync, type ChildProcess} from "node:child_process";
import {chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {buildRelease, type ReleaseArchive} from "../../pipelines/release/build.js";
import {releaseTarget} from "../../pipelines/release/targets.js";
import {chromiumPath, launchBrowser, sitePages, visit} from "../browser/browser.js";
import {tempDir} from "../helpers/temp.js";

const work = tempDir("jicai-release-offline-");
const origin = "http://127.0.0.1:3000";
let archive: ReleaseArchive;
let appDir: string;
let server: ChildProcess;
let output = "";
let browser: Browser;

beforeAll(async () => {
  [archive] = await buildRelease({targets: [releaseTarget("linux-x64")], outDir: join(work, "out")});
  const unpacked = join(work, "unpacked");
  mkdirSync(unpacked);
  const tar = spawnSync("tar", ["-xzf", archive!.file, "-C", unpacked], {encoding: "utf8"});
  expect(tar.stderr).toBe("");
  [appDir] = readdirSync(unpacked).map((name) => join(unpacked, name));

  // Every step from here on runs in the namespace; `exec` keeps the server's PID that of `unshare`, so other
  // processes can join its namespace with nsenter.
  const inbox = join(work, "inbox");
  const script = `ip link set lo up && node bin/jicai.js sample --scale 0.1 --out "${inbox}" && exec ./update.sh "${inbox}" --serve`;
  server = spawn("unshare", ["--net", "sh", "-c", script], {cwd: appDir, stdio: ["ignore", "pipe", "pipe"]});
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`网站地址：${origin}/`)) resolve();
    };
    server.stdout!.on("data", onData);
    server.stderr!.on("data", onData);
    server.on("exit", (code) => reject(new Error(`update.sh exited with ${code} before serving:\n${output}`)));
  });

  const chromiumInNamespace = join(work, "chromium-in-namespace.sh");
  writeFileSync(chromiumInNamespace, `#!/bin/sh\nexec nsenter -t ${server.pid} -n ${chromiumPath} "$@"\n`);
  chmodSync(chromiumInNamespace, 0o755);
  browser = await launchBrowser(chromiumInNamespace);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
});

describe("linux-x64 release, offline", () => {
  it("runs in a namespace whose only network interface is loopback", () => {
    const links = spawnSync("nsenter", ["-t", String(server.pid), "-n", "ip", "-o", "link"], {encoding: "utf8"});
    expect(
      links.stdout
        .trim()
        .split("\n")
        .map((line) => line.split(":")[1]!.trim())
    ).toEqual(["lo"]);
  });

  it("carries the install guide, the update script and only linux-x64 native packages", () => {
    expect(readFileSync(join(appDir, "安装说明.txt"), "utf8")).toContain(`tar -xzf ${archive.file.split("/").pop()}`);
    expect(existsSync(join(appDir, "update.sh"))).toBe(true);
    expect(readdirSync(join(appDir, "node_modules/@duckdb")).sort()).toEqual([
      "node-api",
      "node-bindings",
      "node-bindings-linux-x64"
    ]);
    expect(existsSync(join(appDir, "node_modules/vitest"))).toBe(false);
  });

  it("loads the sample and builds the site with no network", () => {
    expect(output).toMatch(/共 \d+ 个文件：读取 \d+ 行 = 载入 \d+ \+ 拒绝 \d+；0 个未变化，0 个失败/);
    expect(output).toContain("网站已生成：dist");
    expect(readdirSync(join(appDir, "dist")).filter((f) => f.endsWith(".html")).length).toBe(sitePages().length);
  });

  it("serves every page, and Chromium opens each without a failed request or error", async () => {
    for (const {path, name} of sitePages()) {
      const page = await visit(browser, origin, path);
      try {
        expect({path, foreign: page.foreignRequests, failed: page.failedRequests}).toEqual({
          path,
          foreign: [],
          failed: []
        });
        expect({path, errors: [...page.pageErrors, ...page.cellErrors]}).toEqual({path, errors: []});
        await expect(page.page.title()).resolves.toContain(name);
      } finally {
        await page.context.close();
      }
    }
  }, 300_000);
});

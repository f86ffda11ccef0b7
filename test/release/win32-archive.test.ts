// The win32-x64 release cannot run here, so its zip is read entry by entry: the app and its Windows native
// packages are there, nothing built for another platform is, every name unpacks on Windows, and the scripts and
// guide are in the encodings and line ends Windows needs.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import yauzl from "yauzl";
import {buildRelease, type ReleaseArchive} from "../../pipelines/release/build.js";
import {releaseName, releaseTarget} from "../../pipelines/release/targets.js";
import {tempDir} from "../helpers/temp.js";

interface ZipEntry {
  name: string;
  utf8Flag: boolean;
  size: number;
  content?: Buffer;
}

const work = tempDir("jicai-release-win32-");
const {version} = JSON.parse(readFileSync("package.json", "utf8")) as {version: string};
const top = releaseName(version, releaseTarget("win32-x64"));
/** Small text entries read in full. */
const readEntries = new Set([`${top}/一键更新.cmd`, `${top}/安装说明.txt`, `${top}/RELEASE.json`]);
let archive: ReleaseArchive;
let entries: ZipEntry[];
let names: Set<string>;

beforeAll(async () => {
  [archive] = await buildRelease({targets: [releaseTarget("win32-x64")], outDir: join(work, "out")});
  entries = await listZip(archive!.file);
  names = new Set(entries.map((e) => e.name));
}, 600_000);

function listZip(file: string): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, {lazyEntries: true, decodeStrings: true}, (error, zip) => {
      if (error) return reject(error);
      const list: ZipEntry[] = [];
      zip.on("error", reject);
      zip.on("end", () => resolve(list));
      zip.on("entry", (entry: yauzl.Entry) => {
        const item: ZipEntry = {
          name: entry.fileName,
          utf8Flag: (entry.generalPurposeBitFlag & 0x800) !== 0,
          size: entry.uncompressedSize
        };
        list.push(item);
        if (!readEntries.has(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => {
            item.content = Buffer.concat(chunks);
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

const text = (name: string) => entries.find((e) => e.name === `${top}/${name}`)!.content!.toString("utf8");

describe("win32-x64 release archive", () => {
  it("is one folder holding the app, its policies, the guide and the update script", () => {
    expect(archive.file.endsWith(`${top}.zip`)).toBe(true);
    expect(entries.filter((e) => !e.name.startsWith(`${top}/`))).toEqual([]);
    for (const path of [
      "bin/jicai.js",
      "pipelines/cli.ts",
      "pipelines/release/start.js",
      "pipelines/release/update.ts",
      "pipelines/warehouse/migrations/",
      "pipelines/site/npm-cache.ts",
      "src/index.md",
      "observablehq.config.ts",
      "package.json",
      "package-lock.json",
      "data/policy/default-2019.json",
      "data/issuer.json",
      "data/inbox/",
      "安装说明.txt",
      "一键更新.cmd",
      "RELEASE.json"
    ]) {
      expect(
        [...names].some((n) => n.startsWith(`${top}/${path}`)),
        path
      ).toBe(true);
    }
    const devOnly = new RegExp(`^${top}/(pipelines/bench|pipelines/release/bundle|test|\\.git)/`);
    expect([...names].filter((n) => devOnly.test(n))).toEqual([]);
  });

  it("carries the Windows builds of DuckDB, esbuild and rollup", () => {
    // The addon and the engine it links, which Windows finds beside the addon (Node loads it with an altered search path).
    const duckdb = entries.find((e) => e.name === `${top}/node_modules/@duckdb/node-bindings-win32-x64/duckdb.dll`);
    expect(duckdb?.size).toBeGreaterThan(10_000_000);
    for (const binary of [
      "node_modules/@duckdb/node-bindings-win32-x64/duckdb.node",
      "node_modules/@esbuild/win32-x64/esbuild.exe",
      "node_modules/tsx/node_modules/@esbuild/win32-x64/esbuild.exe",
      "node_modules/@rollup/rollup-win32-x64-msvc/rollup.win32-x64-msvc.node"
    ]) {
      expect(names.has(`${top}/${binary}`), binary).toBe(true);
    }
    expect(JSON.parse(text("RELEASE.json")).nativePackages).toContain(
      `@duckdb/node-bindings-win32-x64@${lockVersion("node_modules/@duckdb/node-bindings-win32-x64")}`
    );
  });

  it("carries nothing built for another platform, no dev tools and no symlinked .bin shims", () => {
    const foreign = [...names].filter((n) =>
      /node-bindings-(linux|darwin)|@esbuild\/(?!win32-x64)[^/]+|rollup-(linux|darwin|android|freebsd|openharmony)/.test(
        n
      )
    );
    expect(foreign).toEqual([]);
    expect([...names].filter((n) => /\/\.bin\//.test(n))).toEqual([]);
    expect(
      [...names].filter((n) => /node_modules\/(vitest|typescript|prettier|playwright-core|yazl)\//.test(n))
    ).toEqual([]);
  });

  it("has names that unpack on Windows: no case clashes, reserved names or characters, short enough paths", () => {
    const lower = new Map<string, string>();
    const clashes: string[] = [];
    for (const name of names) {
      const key = name.replace(/\/$/, "").toLowerCase();
      if (lower.has(key)) clashes.push(`${lower.get(key)} ~ ${name}`);
      lower.set(key, name);
    }
    expect(clashes).toEqual([]);
    const segments = [...names].flatMap((n) => n.split("/").filter(Boolean));
    expect(segments.filter((s) => /[<>:"|?*\\\x00-\x1f]|[. ]$/.test(s))).toEqual([]);
    expect(segments.filter((s) => /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(s))).toEqual([]);
    // Unpacked under a folder of up to 50 characters (C:\Users\<name>\Desktop\), paths stay below Windows' 260.
    const longest = Math.max(...[...names].map((n) => n.length));
    expect(longest).toBeLessThan(260 - 50);
  });

  it("marks Chinese names as UTF-8 so Chinese Windows does not read them as GBK", () => {
    const chinese = entries.filter((e) => /[^\x00-\x7f]/.test(e.name));
    expect(chinese.map((e) => e.name)).toContain(`${top}/一键更新.cmd`);
    expect(chinese.filter((e) => !e.utf8Flag)).toEqual([]);
  });

  it("has a CRLF update script that switches the console to UTF-8 before any Chinese text", () => {
    const cmd = text("一键更新.cmd");
    expect(cmd.split("\r\n").slice(0, 2)).toEqual(["@echo off", "chcp 65001 >nul"]);
    expect(cmd.replace(/\r\n/g, "")).not.toContain("\n");
    expect(cmd).toContain("pipelines\\release\\start.js");
    expect(cmd).not.toContain("{{");
  });

  it("has a guide with a BOM that names the archive, the Node version and how to bring Node in", () => {
    const guide = text("安装说明.txt");
    expect(guide.startsWith("\ufeff")).toBe(true);
    expect(guide).toContain(`tar -xf ${top}.zip`);
    expect(guide).toContain("node-v22.x.x-win-x64.zip");
    expect(guide).toContain(JSON.parse(readFileSync("package.json", "utf8")).engines.node);
    expect(guide).not.toContain("{{");
  });
});

function lockVersion(path: string): string {
  return JSON.parse(readFileSync("package-lock.json", "utf8")).packages[path].version;
}

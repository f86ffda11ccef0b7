import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {packageNameOf, platformPackages, type LockEntry} from "../../pipelines/release/platform-packages.js";
import {releaseTarget} from "../../pipelines/release/targets.js";

const linux = releaseTarget("linux-x64");
const windows = releaseTarget("win32-x64");

describe("platformPackages", () => {
  const lock: Record<string, LockEntry> = {
    "": {},
    "node_modules/plain": {},
    "node_modules/bind-linux-x64-gnu": {optional: true, os: ["linux"], cpu: ["x64"], libc: ["glibc"]},
    "node_modules/bind-linux-x64-musl": {optional: true, os: ["linux"], cpu: ["x64"], libc: ["musl"]},
    "node_modules/bind-win32-x64": {optional: true, os: ["win32"], cpu: ["x64"]},
    "node_modules/bind-win32-arm64": {optional: true, os: ["win32"], cpu: ["arm64"]},
    "node_modules/not-on-windows": {os: ["!win32"]},
    "node_modules/dev-tool-win32-x64": {dev: true, optional: true, os: ["win32"], cpu: ["x64"]}
  };

  it("requires the target's builds (glibc only on Linux) and lists other platforms' as foreign", () => {
    expect(platformPackages(lock, linux)).toEqual({
      required: ["node_modules/bind-linux-x64-gnu", "node_modules/not-on-windows"],
      foreign: ["node_modules/bind-linux-x64-musl", "node_modules/bind-win32-arm64", "node_modules/bind-win32-x64"]
    });
    expect(platformPackages(lock, windows)).toEqual({
      required: ["node_modules/bind-win32-x64"],
      foreign: [
        "node_modules/bind-linux-x64-gnu",
        "node_modules/bind-linux-x64-musl",
        "node_modules/bind-win32-arm64",
        "node_modules/not-on-windows"
      ]
    });
  });

  it("finds DuckDB's, esbuild's and rollup's Windows builds in the committed lock file", () => {
    const {packages} = JSON.parse(readFileSync("package-lock.json", "utf8")) as {packages: Record<string, LockEntry>};
    const names = platformPackages(packages, windows).required.map(packageNameOf);
    expect(names).toEqual(
      expect.arrayContaining(["@duckdb/node-bindings-win32-x64", "@esbuild/win32-x64", "@rollup/rollup-win32-x64-msvc"])
    );
  });

  it("names a nested package by its own name", () => {
    expect(packageNameOf("node_modules/tsx/node_modules/@esbuild/win32-x64")).toBe("@esbuild/win32-x64");
  });
});

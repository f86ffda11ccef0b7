import {spawnSync} from "node:child_process";
import {mkdirSync, symlinkSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {beforeAll, describe, expect, it} from "vitest";
import {collectFiles} from "../../pipelines/load/collect-files.js";
import {danglingSymlink, namedPipe, ordersHeader, symlinkLoop} from "../fixtures/bad/make-fixtures.js";
import {expectCleanMessage} from "../helpers/messages.js";
import {tempDir} from "../helpers/temp.js";

/**
 * An inbox folder holding things that are not files to read — a named pipe, a symlink to itself, a symlink to a
 * deleted file, a symlink back to the folder — next to good files: the good files load, each bad path gets one
 * Chinese line, and nothing waits. Before, the pipe hung `jicai load` forever, and a broken link stopped the
 * whole folder with Node's English error, loading none of the good files.
 */

const bin = fileURLToPath(new URL("../../bin/jicai.js", import.meta.url));
const orders = (prefix: string) =>
  `${ordersHeader}\r\n${prefix}-1,1,H001,阿莫西林胶囊,10,5.2,52,2024-03-01,带量\r\n${prefix}-2,1,H002,阿莫西林胶囊,5,5.2,26,2024-03-02,带量\r\n`;

describe("an inbox with pipes and broken links", () => {
  const dir = tempDir("jicai-inbox-");
  const inbox = join(dir, "inbox");

  beforeAll(() => {
    mkdirSync(join(inbox, "sub"), {recursive: true});
    mkdirSync(join(dir, "elsewhere"));
    writeFileSync(join(inbox, "a-good.csv"), orders("GA"));
    writeFileSync(join(inbox, "sub", "b-good.csv"), orders("GB"));
    writeFileSync(join(dir, "elsewhere", "linked.csv"), orders("GL"));
    symlinkSync(join(dir, "elsewhere", "linked.csv"), join(inbox, "c-link-to-file.csv"));
    namedPipe(join(inbox, "d-pipe.csv"));
    namedPipe(join(inbox, "notes.md"));
    symlinkLoop(join(inbox, "e-loop.csv"));
    danglingSymlink(join(inbox, "f-dangling.xlsx"));
    symlinkSync("..", join(inbox, "sub", "g-back-to-inbox"));
  });

  it("collects the regular files and symlinks to them, and says why it passes over the rest", () => {
    const {files, skipped} = collectFiles([inbox]);
    expect(files).toEqual(["a-good.csv", "c-link-to-file.csv", "sub/b-good.csv"].map((f) => join(inbox, f)));
    expect(skipped.map((s) => s.path)).toEqual(
      ["d-pipe.csv", "e-loop.csv", "f-dangling.xlsx"].map((f) => join(inbox, f))
    );
    expect(skipped[0]!.reason).toContain("命名管道");
    expect(skipped[1]!.reason).toContain("循环");
    expect(skipped[2]!.reason).toContain("不存在");
    for (const {reason} of skipped) expectCleanMessage(reason);
  });

  it("loads the good files through jicai load and never waits on the pipe", () => {
    const db = join(dir, "warehouse.duckdb");
    const run = spawnSync(process.execPath, [bin, "load", inbox, "--db", db, "--json"], {
      encoding: "utf8",
      timeout: 120_000
    });
    expect(run.status, run.stderr || "timed out: the load waited on the named pipe").toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as {file: string; status: string; rows_loaded: number; message?: string});
    expect(lines.map((l) => [l.file.slice(inbox.length + 1), l.status])).toEqual([
      ["d-pipe.csv", "skipped"],
      ["e-loop.csv", "skipped"],
      ["f-dangling.xlsx", "skipped"],
      ["a-good.csv", "loaded"],
      ["c-link-to-file.csv", "loaded"],
      ["sub/b-good.csv", "loaded"]
    ]);
    expect(lines.filter((l) => l.status === "loaded").map((l) => l.rows_loaded)).toEqual([2, 2, 2]);
    for (const l of lines.filter((x) => x.status === "skipped")) expectCleanMessage(l.message);
    expect(run.stderr).not.toMatch(/ELOOP|ENOENT|Error/);
  });
});

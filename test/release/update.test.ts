// The bundle's one command as a person meets it when something is missing: one Chinese line, no stack trace.
import {spawnSync} from "node:child_process";
import {mkdirSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {tempDir} from "../helpers/temp.js";

const start = join(import.meta.dirname, "../../pipelines/release/start.js");
const work = tempDir("jicai-update-");

function update(args: string[]) {
  const result = spawnSync(process.execPath, [start, ...args], {
    encoding: "utf8",
    env: {...process.env, JICAI_CALLER_CWD: work}
  });
  return {status: result.status, stderr: result.stderr.trim()};
}

describe("update (一键更新)", () => {
  it("explains an empty inbox when there is no warehouse yet", () => {
    mkdirSync(join(work, "empty"));
    const result = update(["empty", "--db", "w.duckdb"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `一键更新：收件箱 ${join(work, "empty")} 中没有文件，也还没有数据仓库：把医保平台导出的文件放进该文件夹后重新运行`
    );
  });

  it("names a missing inbox folder, resolved from where the script was run", () => {
    const result = update(["no-such-folder"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`一键更新：找不到收件箱文件夹：${join(work, "no-such-folder")}`);
  });

  it("answers an unknown option and a bad port in Chinese", () => {
    expect(update(["--bogus"])).toEqual({status: 1, stderr: "一键更新：参数有误：--bogus（加 --help 查看用法）"});
    expect(update(["--port", "70000"])).toEqual({status: 1, stderr: "一键更新：端口应为 1–65535 的整数，收到 “70000”"});
  });
});

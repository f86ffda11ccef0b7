import {describe, expect, it} from "vitest";
import {describeDuckDBError, userMessage} from "../../pipelines/warehouse/duckdb-errors.js";
import {expectCleanMessage} from "../helpers/messages.js";

describe("library errors as one Chinese line", () => {
  it("replaces any library text inside our own messages, keeping our context", () => {
    const cases: [string, RegExp][] = [
      [
        'TransactionContext Error: Failed to commit: Could not write file "/srv/w.duckdb": No space left on device',
        /^磁盘空间不足/
      ],
      ["ENOSPC: no space left on device, write", /^磁盘空间不足/],
      [
        '模型 marts/savings.sql 运行失败：Binder Error: Referenced column "x" not found',
        /^模型 marts\/savings\.sql 运行失败：/
      ],
      ["数据已载入，但刷新汇总表失败（汇总表保持上次的结果）：Out of Memory Error: failed to allocate", /：内存不足/],
      ["cannot rollback - no transaction is active", /^出现了未预料的内部错误.*JICAI_DEBUG/],
      [
        "IO Error: Corrupt database file: computed checksum 1 does not match stored checksum 2 in block at location 3944448",
        /^数据仓库文件已损坏/
      ],
      ["number out of int32 range", /^有数值超出了允许的范围/],
      ["Catalog Error: Table with name t does not exist!", /^没有名为 t 的表或视图/]
    ];
    for (const [text, expected] of cases) {
      const line = userMessage(new Error(text));
      expect(line, text).toMatch(expected);
      expectCleanMessage(line, text);
    }
    expect(userMessage(new Error("找不到数据仓库 /x：请先运行 jicai load"))).toBe(
      "找不到数据仓库 /x：请先运行 jicai load"
    );
  });

  it("says what the machine refused the same way wherever the error comes from", () => {
    const cases: [string, RegExp][] = [
      ['IO Error: Could not write file "/srv/w.duckdb": No space left on device', /^磁盘空间不足（\/srv\/w\.duckdb）/],
      [
        "Out of Memory Error: failed to allocate data of size 64.0 MiB (1.9 GiB/2.0 GiB used)",
        /^内存不足.*JICAI_MEMORY_LIMIT/
      ],
      ["IO Error: Corrupt database file: computed checksum 1 does not match stored checksum 2", /^数据仓库文件已损坏/],
      ["Catalog Error: Table with name t does not exist!", /^没有名为 t 的表或视图/],
      ['Permission Error: Cannot access file "/etc/passwd" - file system operations are disabled', /^查询只读/],
      ["Dependency Error: something new", /^数据库操作失败.*JICAI_DEBUG/]
    ];
    for (const [text, expected] of cases) {
      const direct = describeDuckDBError(text, "/srv/w.duckdb");
      expect(direct, text).toMatch(expected);
      expectCleanMessage(direct, text);
      // A command's error reaching cli.ts says the same as the query's.
      expect(userMessage(new Error(text), "/srv/w.duckdb"), text).toBe(direct);
    }
  });
});

import {spawnSync} from "node:child_process";
import {writeFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {beforeAll, describe, expect, it} from "vitest";
import {jicai} from "../helpers/cli.js";
import {expectCleanMessage} from "../helpers/messages.js";
import {writeOrdersCsv} from "../helpers/orders-csv.js";
import {tempDir} from "../helpers/temp.js";
import {requireStrace} from "../helpers/traced-run.js";

/**
 * Every error a command ends with reaches the user as Chinese (pipelines/cli.ts, warehouse/duckdb-errors.ts): Node's
 * `Unknown option '--xml'`, DuckDB's "Catalog Error", "Out of Memory Error", a read-only warehouse (reported as
 * "找不到数据仓库" before), a full disk's "TransactionContext Error: Failed to commit …" — each one Chinese line
 * saying what happened and what to do; DuckDB's own text only with JICAI_DEBUG set.
 */

const bin = fileURLToPath(new URL("../../bin/jicai.js", import.meta.url));

/** The message after "jicai <command>: " on the first line of stderr. */
function reason(stderr: string, command: string): string {
  const first = stderr.trim().split("\n")[0]!;
  expect(first.startsWith(`jicai ${command}: `), first).toBe(true);
  return first.slice(`jicai ${command}: `.length);
}

describe("what a command says when it stops", () => {
  const dir = tempDir("jicai-errors-");
  const db = join(dir, "warehouse.duckdb");

  beforeAll(async () => {
    const file = join(dir, "orders.csv");
    await writeOrdersCsv(file, 500, "ER");
    expect(jicai(["load", file, "--db", db, "--json"]).status).toBe(0);
  });

  it("turns Node's option errors into Chinese usage lines, exit 2", () => {
    const cases: [string[], RegExp][] = [
      [["load", "--xml"], /^未知的选项 --xml$/],
      [["query", "--json=yes", "select 1"], /^选项 --json 不带值$/],
      [["refresh", "--db"], /^选项 --db 后面缺少它的值$/],
      [["check", "--db", db, "extra"], /^多余的参数/],
      [["export", "-x"], /^未知的选项 -x$/]
    ];
    for (const [args, expected] of cases) {
      const run = jicai(args);
      expect(run.status, args.join(" ")).toBe(2);
      const line = reason(run.stderr, args[0]!);
      expect(line).toMatch(expected);
      expectCleanMessage(line, args.join(" "));
      expect(run.stderr).toContain(`（运行 jicai ${args[0]} --help 查看用法）`);
      expect(run.stderr).not.toMatch(/Unknown option|argument missing|does not take|Unexpected argument/);
    }
  });

  it("explains DuckDB's SQL errors in Chinese, and shows DuckDB's text only with JICAI_DEBUG", () => {
    const cases: [string, RegExp][] = [
      ["select * from no_such_table", /没有名为 no_such_table 的表或视图/],
      ["select no_such_column from load_log", /找不到列 no_such_column/],
      ["selec 1", /语法错误：SQL 在“selec”附近无法解析/]
    ];
    for (const [sql, expected] of cases) {
      const run = jicai(["query", sql, "--db", db]);
      expect(run.status, sql).toBe(1);
      expect(run.stderr.trim().split("\n"), sql).toHaveLength(1);
      const line = reason(run.stderr, "query");
      expect(line).toMatch(expected);
      expectCleanMessage(line, sql);
    }
    const debug = jicai(["query", "select * from no_such_table", "--db", db], {JICAI_DEBUG: "1"});
    expect(debug.stderr).toMatch(/Catalog Error/);
    expect(debug.stderr.trim().split("\n").at(-1)).toMatch(/^jicai query: 没有名为 no_such_table 的表或视图/);
  });

  it("says a warehouse it may not write is read-only, not missing (EACCES, EROFS)", () => {
    requireStrace();
    for (const errno of ["EACCES", "EROFS"]) {
      // What DuckDB sees opening a file the user may not write, or on a disk mounted read-only.
      const run = spawnSync(
        "strace",
        ["-f", "-qq", "-o", "/dev/null", "-P", db, "-e", "trace=openat", "-e", `inject=openat:error=${errno}`].concat([
          process.execPath,
          bin,
          "refresh",
          "--db",
          db
        ]),
        {encoding: "utf8"}
      );
      expect(run.status, run.stderr).toBe(1);
      const line = reason(run.stderr, "refresh");
      expect(line).toMatch(/^数据仓库 .+ 是只读的/);
      expect(line).not.toMatch(/找不到数据仓库/);
      expectCleanMessage(line, errno);
    }
  });

  it("says a file was too much for the memory limit, and what to do (a 10 000-column CSV)", () => {
    const wide = join(dir, "wide.csv");
    const columns = [
      "订单编号",
      "订单明细号",
      "医疗机构编码",
      "通用名",
      "采购数量",
      "采购价格（元）",
      "采购金额（元）",
      "订单日期",
      "采购方式"
    ];
    const extra = Array.from({length: 10_000 - columns.length}, (_, i) => i);
    const rows = Array.from({length: 50}, (_, r) =>
      [`WIDE-${r}`, "1", "H001", "阿莫西林胶囊", "10", "5.2", "52", "2024-03-01", "带量", ...extra].join(",")
    );
    writeFileSync(wide, [[...columns, ...extra.map((i) => `列${i}`)].join(","), ...rows].join("\n") + "\n");
    const run = jicai(["load", wide, "--db", db, "--json"], {JICAI_MEMORY_LIMIT: "64MB"});
    expect(run.status).toBe(1);
    const line = JSON.parse(run.stdout.trim()) as {status: string; message: string};
    expect(line.status).toBe("failed");
    expectCleanMessage(line.message);
    expect(line.message).toMatch(/^内存不足.*JICAI_MEMORY_LIMIT/);
    expect(run.stderr).not.toMatch(/Out of Memory|Error:/);
  });
});

import {parseArgs} from "node:util";
import {openWarehouse, resolveDbPath} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";
import {formatCsv, formatTable, toJsonValue} from "../warehouse/result-format.js";

const usage = `用法: jicai query "<SQL>" [--db 路径] [--json | --csv]

对数据仓库执行只读 SQL（DuckDB 方言）。写操作会被拒绝。
  --json   输出一个 JSON 数组（每行一个对象，数字为 JSON 数字）
  --csv    输出 CSV：表头一行，然后每行数据
  --db     数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）`;

export const queryCommand: Command = {
  name: "query",
  summary: "对数据仓库执行只读 SQL，输出表格、JSON 或 CSV",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {db: {type: "string"}, json: {type: "boolean"}, csv: {type: "boolean"}}
    });
    if (positionals.length !== 1) throw new UsageError("请给出一条 SQL（用引号括起来）");
    if (values.json && values.csv) throw new UsageError("--json 与 --csv 只能选一个");
    const warehouse = await openWarehouse(resolveDbPath(values.db), {readOnly: true});
    try {
      let result;
      try {
        result = await warehouse.conn.runAndReadAll(positionals[0]!);
      } catch (error) {
        const message = (error as Error).message.split("\n")[0]!;
        if (/read-only|read only/i.test(message)) throw new Error(`query 只允许只读 SQL：${message}`);
        throw new Error(`SQL 错误：${message}`);
      }
      const names = result.columnNames();
      if (values.json) {
        const rows = result.getRowObjectsJS();
        console.log(JSON.stringify(rows.map((r) => Object.fromEntries(names.map((n) => [n, toJsonValue(r[n])])))));
      } else {
        // DuckDB values, not JS numbers: DECIMAL money prints exactly (149064675.10).
        const rows = result.getRowObjects();
        if (values.csv) process.stdout.write(formatCsv(names, rows));
        else console.log(formatTable(names, rows));
      }
    } finally {
      warehouse.close();
    }
    return 0;
  }
};

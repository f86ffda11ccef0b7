import {parseArgs} from "node:util";
import {StatementType, type DuckDBConnection, type DuckDBResultReader} from "@duckdb/node-api";
import {openWarehouse, resolveDbPath} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";
import {formatCsv, formatTable, toJsonValue} from "../warehouse/result-format.js";
import {describeDuckDBError} from "../warehouse/duckdb-errors.js";

const usage = `用法: jicai query "<SQL>" [--db 路径] [--json | --csv]

对数据仓库执行只读 SQL（DuckDB 方言）。只能读取数据仓库中的表：修改数据、读写文件（COPY、read_csv、
EXPORT、ATTACH 等）和更改设置都会被拒绝。要导出请用 --csv / --json 或 jicai export，要备份请用 jicai backup。
  --json   输出一个 JSON 数组（每行一个对象，数字为 JSON 数字）
  --csv    输出 CSV：表头一行，然后每行数据
  --db     数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）`;

/** Statements that only read: DuckDB still lets COPY write the warehouse's own .wal with file access off. */
const readingStatements = new Set([StatementType.SELECT, StatementType.EXPLAIN, StatementType.CALL]);

/**
 * Read-only on the file is not enough: COPY … TO, read_csv and ATTACH reach the file system (a COPY onto the
 * warehouse's own path destroyed it). File access is switched off and the configuration locked for the session.
 */
export async function lockToWarehouseTables(conn: DuckDBConnection): Promise<void> {
  await conn.run("set enable_external_access = false");
  await conn.run("set lock_configuration = true");
}

/** Runs every statement of `sql` if each of them only reads, and returns the last one's rows. */
export async function runReadOnly(conn: DuckDBConnection, sql: string): Promise<DuckDBResultReader> {
  try {
    const statements = await conn.extractStatements(sql);
    if (statements.count === 0) throw new Error("Parser Error: syntax error at end of input");
    const prepared = [];
    for (let i = 0; i < statements.count; i++) {
      const statement = await statements.prepare(i);
      if (!readingStatements.has(statement.statementType)) {
        throw new Error(
          `查询只读：不能执行 ${StatementType[statement.statementType]} 语句，只能用 SELECT 读取数据仓库中的表。要加载数据请用 jicai load，要导出请用 --csv / --json 或 jicai export，要备份请用 jicai backup`
        );
      }
      prepared.push(statement);
    }
    let result: DuckDBResultReader | undefined;
    for (const statement of prepared) result = await statement.runAndReadAll();
    return result!;
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(message.startsWith("查询只读：不能执行") ? message : describeDuckDBError(message), {cause: error});
  }
}

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
      await lockToWarehouseTables(warehouse.conn);
      const result = await runReadOnly(warehouse.conn, positionals[0]!);
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

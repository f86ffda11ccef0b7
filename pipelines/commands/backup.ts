import {existsSync, readdirSync, rmSync} from "node:fs";
import {resolve} from "node:path";
import {parseArgs} from "node:util";
import {describeDuckDBError} from "../warehouse/duckdb-errors.js";
import {openWarehouse, resolveDbPath} from "../warehouse/open.js";
import {sqlString} from "../warehouse/sql.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai backup --out 备份目录 [--db 路径]

把数据仓库的全部表导出为 Parquet 文件和表结构（DuckDB 的 EXPORT DATABASE），写入一个新目录。
只需读取数据仓库，网站构建或查询进行时也可以备份。用 jicai restore 备份目录 恢复。
  --out  备份目录（须不存在或为空）
  --db   数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）`;

export const backupCommand: Command = {
  name: "backup",
  summary: "把数据仓库导出为 Parquet 备份（用 jicai restore 恢复）",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {out: {type: "string"}, db: {type: "string"}}
    });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(" ")}`);
    if (!values.out) throw new UsageError("请用 --out 指定备份目录");
    const out = resolve(values.out);
    if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`备份目录不是空的：${out}`);
    const warehouse = await openWarehouse(resolveDbPath(values.db), {readOnly: true});
    try {
      await warehouse.conn.run(`export database ${sqlString(out)} (format parquet)`);
    } catch (error) {
      rmSync(out, {recursive: true, force: true});
      throw new Error(`备份失败，未写入备份目录：${describeDuckDBError((error as Error).message)}`);
    } finally {
      warehouse.close();
    }
    console.error(`已备份到 ${out}（恢复：jicai restore ${out} --db 新路径）`);
    return 0;
  }
};

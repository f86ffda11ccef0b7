import {existsSync, rmSync} from "node:fs";
import {parseArgs} from "node:util";
import {describeRefresh, refreshWarehouse} from "../refresh/refresh-warehouse.js";
import {guardPath} from "../warehouse/checkpoint-guard.js";
import {openWarehouse, resolveDbPath} from "../warehouse/open.js";
import {checkExportDir, restoreFromExport} from "../warehouse/restore.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai restore <备份目录> [--db 路径]

从 jicai backup 导出的备份（EXPORT DATABASE 格式）恢复出一个新的数据仓库：
载入记录、拒绝记录和各来源的明细表按原样恢复，load_id 接着备份继续编号，然后按默认政策重建数据集市
（如需其他政策，恢复后运行 jicai refresh --policy …）。目标文件必须不存在，恢复不会覆盖已有的数据仓库。
  --db  要创建的数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）`;

export const restoreCommand: Command = {
  name: "restore",
  summary: "从 EXPORT DATABASE 备份恢复出新的数据仓库",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({args, allowPositionals: true, options: {db: {type: "string"}}});
    if (positionals.length !== 1) throw new UsageError("请给出一个备份目录");
    const target = resolveDbPath(values.db);
    if (existsSync(target))
      throw new Error(`${target} 已存在：恢复只创建新的数据仓库，请先把现有文件移走，或用 --db 指定新路径`);
    checkExportDir(positionals[0]!);
    const warehouse = await openWarehouse(target, {waitSeconds: 0});
    let restored;
    try {
      restored = await restoreFromExport(warehouse.conn, positionals[0]!);
    } catch (error) {
      // Nothing was restored: leave no half-made warehouse behind to block the next attempt.
      warehouse.close();
      for (const file of [target, `${target}.wal`, guardPath(target)]) rmSync(file, {force: true});
      throw error;
    }
    try {
      const rows = restored.reduce((s, t) => s + t.rows, 0);
      console.error(`已从 ${positionals[0]} 恢复 ${restored.length} 张表，共 ${rows} 行`);
      console.error(describeRefresh(await refreshWarehouse(warehouse.conn)));
    } finally {
      warehouse.close();
    }
    return 0;
  }
};

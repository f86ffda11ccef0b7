import {basename} from "node:path";
import {parseArgs} from "node:util";
import {loadsNamed, unloadLoads, type UnloadedLoad} from "../load/unload.js";
import {describeRefresh, refreshWarehouse} from "../refresh/refresh-warehouse.js";
import {defaultWaitSeconds, openWarehouse, resolveDbPath, resolveWaitSeconds} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai unload <载入编号或文件>… [--db 路径] [--wait 秒数] [--json]

撤销载入：删除这些载入的全部行和被拒绝的单元格，放回它们替换掉的行（按主键替换的行、被更正文件
整体替换的上一版），然后刷新汇总表。数据仓库回到这些载入之前的样子。所有参数在一个事务中撤销：
要么全部撤销，要么什么都不变。载入记录（load_log）保留，状态改为“已撤销”，留作审计。
  载入编号   load_log 中的 load_id（jicai load --json 输出的 load_id，或数据质量页的“编号”）
  文件       该路径文件的每一次载入（包括被新版本替换的旧版本）；文件已不在原处时也可只给文件名
  --db       数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）
  --wait     数据仓库正被其他进程使用时最多等待的秒数（默认 ${defaultWaitSeconds}，或环境变量 JICAI_WAIT；0 表示不等待）
  --json     每个撤销的载入输出一行 JSON：{load_id, file, sheet, source, rows_loaded, status}`;

function describe(load: UnloadedLoad): string {
  const where = basename(load.file) + (load.sheet ? ` [${load.sheet}]` : "");
  const was = load.status === "superseded" ? "（已被新版本替换的旧版本）" : "";
  return `已撤销  载入 ${load.load_id}  ${where}  ${load.source ?? ""}  ${load.rows_loaded} 行${was}`;
}

export const unloadCommand: Command = {
  name: "unload",
  summary: "撤销一次载入或一个文件的全部载入，放回被替换的行并刷新汇总表",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {db: {type: "string"}, wait: {type: "string"}, json: {type: "boolean"}}
    });
    if (positionals.length === 0) throw new UsageError("请给出要撤销的载入编号或文件");
    let waitSeconds: number;
    try {
      waitSeconds = resolveWaitSeconds(values.wait);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const warehouse = await openWarehouse(resolveDbPath(values.db), {waitSeconds});
    try {
      const loads = new Map<number, UnloadedLoad>();
      for (const target of positionals)
        for (const load of await loadsNamed(warehouse.conn, target)) loads.set(load.load_id, load);
      const {removed, restored} = await unloadLoads(warehouse.conn, [...loads.keys()]);
      for (const load of loads.values())
        console.log(values.json ? JSON.stringify({...load, status: "unloaded"}) : describe(load));
      if (!values.json) console.error(`删除 ${removed} 行，放回被替换的 ${restored} 行`);
      let refreshed;
      try {
        refreshed = await refreshWarehouse(warehouse.conn);
      } catch (error) {
        throw new Error(`载入已撤销，但刷新汇总表失败（汇总表保持上次的结果）：${(error as Error).message}`);
      }
      console.error(describeRefresh(refreshed));
    } finally {
      warehouse.close();
    }
    return 0;
  }
};

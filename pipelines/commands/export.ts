import {parseArgs} from "node:util";
import {exportableTables, exportMart} from "../export/export-mart.js";
import {openWarehouse, resolveDbPath} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai export <数据集市> --out 文件.xlsx|.csv|.parquet [--db 路径]

导出一个数据集市。Excel 与 CSV 使用中文表头；以 = + - @ 开头的文本前加 ' ，不会被当作公式执行；
CSV 为带 BOM 的 UTF-8（Excel 直接打开不乱码）；Parquet 保留英文列名，供其他引擎读取。
可导出：${exportableTables.join(", ")}
  --out  输出文件，格式由扩展名决定
  --db   数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）`;

export const exportCommand: Command = {
  name: "export",
  summary: "导出数据集市为 Excel、CSV 或 Parquet（防公式注入）",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {db: {type: "string"}, out: {type: "string"}}
    });
    if (positionals.length !== 1) throw new UsageError("请给出一个数据集市名称");
    if (!values.out) throw new UsageError("请用 --out 指定输出文件");
    const warehouse = await openWarehouse(resolveDbPath(values.db), {readOnly: true});
    try {
      const rows = await exportMart(warehouse.conn, positionals[0]!, values.out);
      console.error(`已导出 ${positionals[0]} 共 ${rows} 行到 ${values.out}`);
    } finally {
      warehouse.close();
    }
    return 0;
  }
};

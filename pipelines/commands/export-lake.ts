import {relative} from "node:path";
import {parseArgs} from "node:util";
import {exportLake} from "../lake/export.js";
import {openWarehouse, resolveDbPath} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai export-lake --out 目录 [--db 路径] [--overwrite] [--json]

把数据仓库导出为 Parquet 数据湖（ZSTD 压缩），供 Spark SQL、Trino 等分布式引擎读取（见 docs/scale-out.md）：
  raw/raw_orders/year=2025/month=3/…        采购明细，按订单年、月分区（Hive 目录）
  raw/raw_listing_prices/province_code=13/… 挂网价格，按省份代码（GB/T 2260）分区
  staging/<其他 raw_* 表>/、parameters/（政策参数）、marts/<数据集市>/   每表一个文件
  manifest.json   表、分区列、行数、列名与类型、每个文件的 sha256

  --out        输出目录（不存在或为空；已有数据湖时需加 --overwrite）
  --db         数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）
  --overwrite  替换 --out 中已有的数据湖（只替换含 manifest.json 的目录）
  --json       输出清单 JSON`;

export const exportLakeCommand: Command = {
  name: "export-lake",
  summary: "导出 Hive 分区的 Parquet 数据湖与清单，供分布式引擎使用",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {out: {type: "string"}, db: {type: "string"}, overwrite: {type: "boolean"}, json: {type: "boolean"}}
    });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(" ")}`);
    if (!values.out) throw new UsageError("请用 --out 指定输出目录");
    const warehouse = await openWarehouse(resolveDbPath(values.db), {readOnly: true});
    try {
      const manifest = await exportLake(warehouse.conn, values.out, {
        overwrite: values.overwrite,
        onTable: (t) => {
          if (values.json) return;
          const mb = t.files.reduce((s, f) => s + f.bytes, 0) / 1024 / 1024;
          const parts = t.partitioned_by.length ? `，按 ${t.partitioned_by.map((p) => p.name).join("/")} 分区` : "";
          console.log(
            `${t.path.padEnd(40)} ${String(t.rows).padStart(10)} 行  ${String(t.files.length).padStart(4)} 个文件  ${mb.toFixed(2).padStart(8)} MB${parts}`
          );
        }
      });
      if (values.json) console.log(JSON.stringify(manifest));
      else
        console.error(
          `已导出 ${manifest.tables.length} 张表到 ${relative(process.cwd(), values.out) || "."}（清单 manifest.json）`
        );
    } finally {
      warehouse.close();
    }
    return 0;
  }
};

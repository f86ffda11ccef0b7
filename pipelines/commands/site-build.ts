import {resolve} from "node:path";
import {parseArgs} from "node:util";
import {buildSiteInto} from "../site/build.js";
import {resolveDbPath} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai site-build [--out 目录] [--db 路径]

从数据仓库构建静态网站（npm run build 调用）：数据加载在独立的临时副本中进行，
与同时进行的预览、其他构建或医疗机构网站包互不影响。构建不访问网络。
  --out  输出目录（默认 dist）
  --db   数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）`;

export const siteBuildCommand: Command = {
  name: "site-build",
  summary: "从数据仓库构建静态网站到 dist/",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {out: {type: "string"}, db: {type: "string"}}
    });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(" ")}`);
    const outDir = resolve(values.out ?? "dist");
    const {ms} = await buildSiteInto({dbPath: resolveDbPath(values.db), outDir});
    console.error(`网站已构建到 ${outDir}（${(ms / 1000).toFixed(1)} 秒）`);
    return 0;
  }
};

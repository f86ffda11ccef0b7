import {parseArgs} from "node:util";
import {relative} from "node:path";
import {prepareSiteCache} from "../site/prepare.js";
import type {Command} from "./command.js";

const usage = `用法: jicai site-prepare [--json]

构建或预览网站之前运行（npm run build / npm start 会自动调用）：
  · 清除 Observable Framework 缓存中的数据加载结果，保证网站显示的是数据仓库的最新数据；
  · 预置离线 npm 缓存，保证构建过程不访问 npm 仓库或 CDN（内网可用）。

  --json   输出一行 JSON：{cacheDir, cleared, seededPackages}`;

export const sitePrepareCommand: Command = {
  name: "site-prepare",
  summary: "构建网站前清除过期的数据缓存并预置离线依赖",
  usage,
  async run(args) {
    const {values} = parseArgs({args, options: {json: {type: "boolean"}}});
    const result = prepareSiteCache();
    if (values.json) {
      console.log(JSON.stringify(result));
    } else {
      const cleared = result.cleared.length ? result.cleared.join(", ") : "无";
      console.error(
        `网站缓存已就绪：${relative(process.cwd(), result.cacheDir) || "."}（已清除：${cleared}；离线依赖 ${result.seededPackages} 个）`
      );
    }
    return 0;
  }
};

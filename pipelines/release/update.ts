// The one command of an installed release (一键更新.cmd, update.sh, via start.js): load an inbox folder into the
// warehouse, rebuild the site into dist/, and optionally serve dist/ on this computer. Runs with no network.
import {existsSync} from "node:fs";
import {isAbsolute, join, relative, resolve} from "node:path";
import {parseArgs} from "node:util";
import {loadCommand} from "../commands/load.js";
import {collectFiles} from "../load/collect-files.js";
import {describeRefresh, refreshWarehouse} from "../refresh/refresh-warehouse.js";
import {buildSiteInto} from "../site/build.js";
import {openWarehouse} from "../warehouse/open.js";
import {openInBrowser, serveSite} from "./serve.js";

const appRoot = resolve(import.meta.dirname, "../..");

const usage = `用法: 一键更新.cmd / ./update.sh [收件箱文件夹] [--serve] [--port 端口] [--open] [--db 路径] [--out 文件夹]

载入收件箱中的文件（已载入过的文件不会重复载入），然后重新生成网站。全程不联网。

  收件箱文件夹  默认 data/inbox
  --serve       生成后在本机提供网站（http://127.0.0.1:端口/，只有本机能打开；关闭窗口即停止）
  --port        --serve 的端口，默认 3000
  --open        --serve 时用默认浏览器打开网站
  --db          数据仓库文件，默认 data/warehouse.duckdb（或环境变量 JICAI_DB）
  --out         网站输出文件夹，默认 dist`;

/** Paths the person typed are relative to where they ran the script; the scripts change to the app folder. */
function fromCaller(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.JICAI_CALLER_CWD ?? process.cwd(), path);
}

function shown(path: string): string {
  const rel = relative(appRoot, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

function parseOptions(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        serve: {type: "boolean"},
        port: {type: "string"},
        open: {type: "boolean"},
        db: {type: "string"},
        out: {type: "string"},
        help: {type: "boolean", short: "h"}
      }
    });
  } catch {
    throw new Error(`参数有误：${argv.join(" ")}（加 --help 查看用法）`);
  }
}

async function update(argv: string[]): Promise<number> {
  const {values, positionals} = parseOptions(argv);
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length > 1) throw new Error(`只能给出一个收件箱文件夹，收到 ${positionals.length} 个`);
  const port = Number(values.port ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`端口应为 1–65535 的整数，收到 “${values.port}”`);
  const inbox = positionals[0] ? fromCaller(positionals[0]) : join(appRoot, "data", "inbox");
  const db = values.db ? fromCaller(values.db) : resolve(appRoot, process.env.JICAI_DB ?? "data/warehouse.duckdb");
  const outDir = values.out ? fromCaller(values.out) : join(appRoot, "dist");

  let code = 0;
  if (!existsSync(inbox)) throw new Error(`找不到收件箱文件夹：${inbox}`);
  if (collectFiles([inbox]).files.length > 0) {
    console.error(`正在载入收件箱 ${shown(inbox)} …`);
    code = await loadCommand.run([inbox, "--db", db]);
  } else if (existsSync(db)) {
    console.error(`收件箱 ${shown(inbox)} 中没有文件，不载入，只重新生成网站`);
  } else {
    throw new Error(`收件箱 ${shown(inbox)} 中没有文件，也还没有数据仓库：把医保平台导出的文件放进该文件夹后重新运行`);
  }

  await refreshIfStale(db);

  console.error("正在生成网站 …");
  const {ms} = await buildSiteInto({dbPath: db, outDir});
  console.error(`网站已生成：${shown(outDir)}（用时 ${(ms / 1000).toFixed(1)} 秒）`);
  if (code !== 0) console.error("注意：有文件未能载入（见上方），网站不含这些文件的数据");

  if (values.serve) {
    const server = await serveSite(outDir, port);
    // Tests and scripts wait for this exact line.
    console.log(`网站地址：${server.url}`);
    console.error("只有本机能打开这个地址；关闭此窗口（或按 Ctrl+C）即停止。");
    if (values.open) openInBrowser(server.url);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await server.close();
  }
  return code;
}

/**
 * After an upgrade (new model SQL) or an edited policy file the marts are out of date even when no file is new, and
 * `jicai load` refreshes only after new data. A refresh rebuilds only the models whose inputs changed, so when
 * nothing did it costs a fraction of a second.
 */
async function refreshIfStale(db: string): Promise<void> {
  const warehouse = await openWarehouse(db);
  try {
    const refreshed = await refreshWarehouse(warehouse.conn);
    if (refreshed.martsRebuilt === 0) return;
    console.error(`汇总表已按当前程序和政策更新：${describeRefresh(refreshed)}`);
  } finally {
    warehouse.close();
  }
}

try {
  process.exitCode = await update(process.argv.slice(2));
} catch (error) {
  console.error(`一键更新：${error instanceof Error ? error.message : String(error)}`);
  if (process.env.JICAI_DEBUG && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
}

import {relative} from "node:path";
import {parseArgs} from "node:util";
import type {DuckDBConnection} from "@duckdb/node-api";
import {collectFiles} from "../load/collect-files.js";
import {loadFile, type LoadResult} from "../load/load-file.js";
import {contractFor, sourceKinds} from "../sources/index.js";
import {defaultWaitSeconds, openWarehouse, resolveDbPath, resolveWaitSeconds} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";
import {refreshAfterLoad} from "../load/refresh-after-load.js";

const usage = `用法: jicai load <文件或目录>… [--source 来源] [--batch 批次] [--db 路径] [--wait 秒数] [--json]

把医保局收到的 Excel / CSV / Parquet 文件载入数据仓库。每个文件在一个事务中载入：
要么全部载入（坏行进入 rejects 表并说明原因），要么什么都不变。重复载入同一文件不会改变任何数据。

更正文件：同一路径的文件内容变了再次载入，视为上次那份的新版本，整体替换上次载入的全部行
（更正中删掉的行也随之去掉），载入行显示“替换上次载入的 N 行”。不同路径的文件只按主键替换
同主键的行。被替换的行保留备查；jicai unload 撤销一次载入时原样放回。

  --source   指定来源，不自动识别：${sourceKinds.join(", ")}
  --batch    文件和工作表名都没有批次时使用的批次名称
  --db       数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）
  --wait     数据仓库正被其他进程使用时最多等待的秒数（默认 ${defaultWaitSeconds}，或环境变量 JICAI_WAIT；0 表示不等待）
  --json     每个文件/工作表输出一行 JSON：{file, sheet, source, rows_read, rows_loaded, rows_rejected, rows_replaced,
             rows_superseded, load_id, status}`;

const statusLabel: Record<LoadResult["status"], string> = {
  loaded: "已载入",
  unchanged: "未变化",
  failed: "失败",
  skipped: "已跳过"
};

function describe(result: LoadResult): string {
  const where = relative(process.cwd(), result.file) + (result.sheet ? ` [${result.sheet}]` : "");
  if (result.status === "failed" || result.status === "skipped")
    return `${statusLabel[result.status]}  ${where}：${result.message}`;
  const superseded = result.rows_superseded ? `，替换上次载入的 ${result.rows_superseded} 行` : "";
  const replaced = (result.rows_replaced ? `，替换 ${result.rows_replaced}` : "") + superseded;
  const note = result.message ? `；${result.message}` : "";
  return `${statusLabel[result.status]}  ${where}  ${result.source}  读取 ${result.rows_read} = 载入 ${result.rows_loaded} + 拒绝 ${result.rows_rejected}${replaced}${note}`;
}

function toJson(result: LoadResult): string {
  const {file, sheet, source, rows_read, rows_loaded, rows_rejected, rows_replaced, rows_superseded, load_id, status} =
    result;
  return JSON.stringify({
    file,
    sheet,
    source,
    rows_read,
    rows_loaded,
    rows_rejected,
    rows_replaced,
    rows_superseded,
    load_id,
    status,
    ...(result.message ? {message: result.message} : {})
  });
}

/** The newest loaded load_id when the marts were last rebuilt from an older one (or never), else false. */
async function martsBehind(conn: DuckDBConnection): Promise<{through: number} | false> {
  const reader = await conn.runAndReadAll(
    `select coalesce((select max(load_id) from load_log where status = 'loaded'), 0) as through,
            coalesce((select max(through_load_id) from marts_refreshed), 0) as refreshed`
  );
  const {through, refreshed} = reader.getRowObjectsJS()[0]!;
  return Number(through) > Number(refreshed) ? {through: Number(through)} : false;
}

export const loadCommand: Command = {
  name: "load",
  summary: "载入文件或目录到数据仓库（自动识别来源）",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {
        source: {type: "string"},
        batch: {type: "string"},
        db: {type: "string"},
        wait: {type: "string"},
        json: {type: "boolean"}
      }
    });
    if (positionals.length === 0) throw new UsageError("请给出要载入的文件或目录");
    const source = values.source ? contractFor(values.source) : undefined;
    const files = collectFiles(positionals);
    if (files.length === 0) throw new Error(`没有可载入的文件：${positionals.join(" ")}`);
    let waitSeconds: number;
    try {
      waitSeconds = resolveWaitSeconds(values.wait);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const warehouse = await openWarehouse(resolveDbPath(values.db), {waitSeconds});
    let lastProgress = 0;
    const onProgress = (message: string, kind: "rows" | "stage") => {
      const now = Date.now();
      if (kind === "stage" || now - lastProgress > 1000) {
        process.stderr.write(`${message}\n`);
        lastProgress = now;
      }
    };
    const results: LoadResult[] = [];
    try {
      for (const file of files) {
        const fileResults = await loadFile(warehouse.conn, file, {source, batch: values.batch, onProgress});
        for (const result of fileResults) console.log(values.json ? toJson(result) : describe(result));
        results.push(...fileResults);
      }
      // Every new load puts the marts behind; so does an earlier load killed after its commit, before its refresh.
      const behind = await martsBehind(warehouse.conn);
      if (behind) {
        if (!results.some((r) => r.status === "loaded"))
          console.error("汇总表落后于已载入的数据（上次载入可能在刷新前被中断），现在刷新");
        console.error(await refreshAfterLoad(warehouse.conn));
        await warehouse.conn.run("insert into marts_refreshed values ($1, current_timestamp)", [behind.through]);
      }
    } finally {
      warehouse.close();
    }
    const failed = results.filter((r) => r.status === "failed");
    if (!values.json) {
      const sum = (k: "rows_read" | "rows_loaded" | "rows_rejected") => results.reduce((s, r) => s + r[k], 0);
      console.error(
        `共 ${files.length} 个文件：读取 ${sum("rows_read")} 行 = 载入 ${sum("rows_loaded")} + 拒绝 ${sum("rows_rejected")}；` +
          `${results.filter((r) => r.status === "unchanged").length} 个未变化，${failed.length} 个失败`
      );
    }
    if (failed.length) {
      console.error(
        `jicai load: ${failed.length} 个文件载入失败：${relative(process.cwd(), failed[0]!.file)}：${failed[0]!.message}`
      );
      return 1;
    }
    return 0;
  }
};

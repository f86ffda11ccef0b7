import {relative, resolve} from "node:path";
import {parseArgs} from "node:util";
import type {DuckDBConnection} from "@duckdb/node-api";
import {collectFiles} from "../load/collect-files.js";
import {loadFile, type LoadResult} from "../load/load-file.js";
import {
  mappingDisplayPath,
  MappingError,
  parseMapFlags,
  readMappingFile,
  saveMapping,
  type ColumnMappingOptions,
  type MappingFile
} from "../load/mappings.js";
import {isoDate} from "../refresh/refresh-models.js";
import {policyInForce} from "../policy/load.js";
import {headerSearchRows} from "../read/detect.js";
import {columnNamed} from "../read/header.js";
import {contractFor, contracts, sourceKinds} from "../sources/index.js";
import {defaultWaitSeconds, openWarehouse, resolveDbPath, resolveWaitSeconds} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";
import {describeRefresh, refreshWarehouse} from "../refresh/refresh-warehouse.js";

const usage = `用法: jicai load <文件或目录>… [--source 来源] [--batch 批次] [--province 省份] [--category 品类] [--as-of 日期]
                  [--map '表头=字段']… [--mapping 映射文件] [--save-map 名称] [--sheet 工作表]… [--header-row 行号]
                  [--strict] [--db 路径] [--wait 秒数] [--json]

把医保局收到的 Excel（.xlsx/.xls）/ CSV / Parquet 文件载入数据仓库。每个文件在一个事务中载入：
要么全部载入（坏行进入 rejects 表并说明原因），要么什么都不变。重复载入同一文件不会改变任何数据。

更正文件：同一路径的文件内容变了再次载入，视为上次那份的新版本，整体替换上次载入的全部行
（更正中删掉的行也随之去掉），载入行显示“替换上次载入的 N 行”。不同路径的文件只按主键替换
同主键的行。被替换的行保留备查；jicai unload 撤销一次载入时原样放回。

  --source     指定来源，不自动识别：${sourceKinds.join(", ")}
  --batch      整个文件的批次（文件没有批次列时用；否则取表头上方的批次标题或工作表名）
  --province   整个文件的省份（挂网价格文件没有省份列时用；不给则按本地政策的省份）
  --category   整个文件的品类：药品 或 耗材（文件没有品类列时用；不给则按表头和编码判别）
  --as-of      挂网价格文件的价格生效日期，如 2025-03-01（不给则取文件名中的日期，再不然取文件的修改日期）。
               每个挂网价格文件是一个价格版本：生效日期不同的文件增加历史版本，生效日期相同的文件更正该版本
  --map        指定一列对应的字段，可重复：--map '品名=generic_name'；没有表头的文件按列字母：--map 'C=spec'；
               字段写英文名或中文名，写 - 表示忽略该列
  --mapping    使用映射文件（data/mappings/*.json 的格式）；data/mappings/ 下与文件表头或列形状相符的映射会自动使用
  --save-map   把本次 --map 存为 data/mappings/<名称>.json，以后同一模板的文件自动使用
  --sheet      只载入指定的工作表，可重复
  --header-row 表头所在的行号（按 Excel 左侧的编号）：表头上方的说明超过 ${headerSearchRows} 行、找不到表头时用
  --strict     工作簿中有无法识别的工作表时整个文件失败（默认跳过并说明原因）
  --db         数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）
  --wait       数据仓库正被其他进程使用时最多等待的秒数（默认 ${defaultWaitSeconds}，或环境变量 JICAI_WAIT；0 表示不等待）
  --json       每个文件/工作表输出一行 JSON：{file, sheet, source, rows_read, rows_loaded, rows_rejected, rows_replaced,
               rows_superseded, load_id, status, …}`;

const statusLabel: Record<LoadResult["status"], string> = {
  loaded: "已载入",
  unchanged: "未变化",
  failed: "失败",
  skipped: "已跳过"
};

/** A list for the load line: the first few items, then how many more (load_log keeps them all). */
function listed(items: string[], shown = 8): string {
  return items.length <= shown ? items.join("、") : `${items.slice(0, shown).join("、")} 等 ${items.length} 列`;
}

function describe(result: LoadResult): string {
  const where = relative(process.cwd(), result.file) + (result.sheet ? ` [${result.sheet}]` : "");
  if (result.status === "failed" || result.status === "skipped")
    return `${statusLabel[result.status]}  ${where}：${result.message}`;
  const superseded = result.rows_superseded ? `，替换上次载入的 ${result.rows_superseded} 行` : "";
  const replaced = (result.rows_replaced ? `，替换 ${result.rows_replaced}` : "") + superseded;
  const reasons = result.reject_reasons?.length
    ? `（${result.reject_reasons.map((r) => `${r.reason} ${r.rows} 行`).join("；")}）`
    : "";
  const notes = [
    ...(result.message ? [result.message] : []),
    ...(result.rows_filled ? [`${result.rows_filled} 行的空白标识列按“同上”从上一行补全`] : []),
    ...(result.ignored_columns?.length ? [`未使用的列：${listed(result.ignored_columns)}`] : [])
  ];
  const note = notes.length ? `；${notes.join("；")}` : "";
  return `${statusLabel[result.status]}  ${where}  ${result.source}  读取 ${result.rows_read} = 载入 ${result.rows_loaded} + 拒绝 ${result.rows_rejected}${reasons}${replaced}${note}`;
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
    ...(result.message ? {message: result.message} : {}),
    ...(result.ignored_columns?.length ? {ignored_columns: result.ignored_columns} : {}),
    ...(result.rows_filled ? {rows_filled: result.rows_filled} : {}),
    ...(result.reject_reasons?.length ? {reject_reasons: result.reject_reasons} : {})
  });
}

const categories: Record<string, string> = {
  药品: "药品",
  药: "药品",
  drug: "药品",
  drugs: "药品",
  耗材: "耗材",
  医用耗材: "耗材",
  consumable: "耗材",
  consumables: "耗材"
};

/** The mapping that `--save-map` writes: the template's signature and the columns the user mapped. */
function mappingToSave(result: LoadResult, flags: string[]): MappingFile {
  const {byHeader, byPosition} = parseMapFlags(flags);
  const columns: Record<string, string> = {};
  for (const flag of flags) {
    const at = flag.lastIndexOf("=");
    columns[flag.slice(0, at).trim()] = flag.slice(at + 1).trim();
  }
  if (!byHeader.size && !byPosition.size)
    throw new MappingError("--save-map 需要与 --map 一起使用：要保存的是 --map 指定的列");
  return {
    about: `由 jicai load --save-map 保存自 ${relative(process.cwd(), result.file)}`,
    source: result.plan!.source,
    match: result.plan!.signature,
    columns
  };
}

/** Whether a load is newer than the one the marts were last refreshed with (or they never were). */
async function martsBehind(conn: DuckDBConnection): Promise<boolean> {
  const reader = await conn.runAndReadAll(
    `select coalesce((select max(load_id) from load_log where status = 'loaded'), 0) as through,
            coalesce((select max(through_load_id) from marts_refreshed), 0) as refreshed`
  );
  const {through, refreshed} = reader.getRowObjectsJS()[0]!;
  return Number(through) > Number(refreshed);
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
        province: {type: "string"},
        category: {type: "string"},
        "as-of": {type: "string"},
        map: {type: "string", multiple: true},
        mapping: {type: "string"},
        "save-map": {type: "string"},
        sheet: {type: "string", multiple: true},
        "header-row": {type: "string"},
        strict: {type: "boolean"},
        db: {type: "string"},
        wait: {type: "string"},
        json: {type: "boolean"}
      }
    });
    if (positionals.length === 0) throw new UsageError("请给出要载入的文件或目录");
    const source = values.source ? contractFor(values.source) : undefined;
    const category = values.category === undefined ? undefined : categories[values.category.trim().toLowerCase()];
    if (values.category !== undefined && !category)
      throw new UsageError(`--category 只能是 药品 或 耗材（收到“${values.category}”）`);
    const headerRow = values["header-row"] === undefined ? undefined : Number(values["header-row"].trim());
    if (headerRow !== undefined && !(Number.isInteger(headerRow) && headerRow >= 1 && headerRow <= 1_048_576))
      throw new UsageError(`--header-row 应是表头所在的行号，如 45（收到“${values["header-row"]}”）`);
    let asOf: string | undefined;
    try {
      asOf = values["as-of"] === undefined ? undefined : isoDate(values["as-of"].trim());
    } catch (error) {
      throw new UsageError(`--as-of：${(error as Error).message}`);
    }
    const mapFlags = values.map ?? [];
    let mapping: ColumnMappingOptions;
    try {
      if (mapFlags.length) {
        const {byHeader, byPosition} = parseMapFlags(mapFlags);
        const known = source ? [source] : contracts;
        for (const field of [...byHeader.values(), ...byPosition.values()]) {
          if (field !== "-" && !known.some((c) => columnNamed(c, field)))
            throw new MappingError(
              `--map 中的“${field}”不是${source ? ` ${source.kind} 的` : "任何来源的"}字段：请写字段名（如 generic_name）或其中文表头（如 通用名），写 - 表示忽略该列`
            );
        }
      }
      if (mapFlags.length && values.mapping) throw new MappingError("--map 与 --mapping 只能用一个");
      mapping = {flags: mapFlags, ...(values.mapping ? {file: readMappingFile(values.mapping)} : {})};
    } catch (error) {
      if (error instanceof MappingError) throw new UsageError(error.message);
      throw error;
    }
    const {files, skipped} = collectFiles(positionals);
    const passedOver: LoadResult[] = skipped.map(({path, reason}) => ({
      file: resolve(path),
      sheet: null,
      source: null,
      rows_read: 0,
      rows_loaded: 0,
      rows_rejected: 0,
      rows_replaced: 0,
      rows_superseded: 0,
      load_id: null,
      status: "skipped",
      message: reason
    }));
    for (const result of passedOver) console.log(values.json ? toJson(result) : describe(result));
    if (files.length === 0) throw new Error(`没有可载入的文件：${positionals.join(" ")}`);
    if (values["save-map"] && files.length !== 1) throw new UsageError("--save-map 一次只能从一个文件保存映射");
    let home: string | undefined;
    // The policy is read only for a listing file without a province column and no --province.
    const homeProvince = () => (home ??= policyInForce({asOf: new Date().toISOString().slice(0, 10)}).policy.province);
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
        const fileResults = await loadFile(warehouse.conn, file, {
          source,
          batch: values.batch,
          province: values.province?.trim() || undefined,
          category,
          homeProvince,
          asOf,
          mapping,
          strict: values.strict,
          sheets: values.sheet,
          headerRow,
          onProgress
        });
        for (const result of fileResults) console.log(values.json ? toJson(result) : describe(result));
        results.push(...fileResults);
        const saveAs = values["save-map"];
        const loaded = fileResults.find((r) => r.status === "loaded" && r.plan);
        if (saveAs && loaded) {
          const saved = saveMapping(saveAs, mappingToSave(loaded, mapFlags));
          console.error(`已保存映射 ${mappingDisplayPath(saved)}：以后同一模板的文件会自动使用它`);
        } else if (saveAs) {
          console.error("未保存映射：这个文件这次没有载入（未变化或失败），请在载入成功时使用 --save-map");
        }
      }
      // Every new load puts the marts behind; so does an earlier load killed after its commit, before its refresh.
      if (await martsBehind(warehouse.conn)) {
        if (!results.some((r) => r.status === "loaded"))
          console.error("汇总表落后于已载入的数据（上次载入可能在刷新前被中断），现在刷新");
        let refreshed;
        try {
          refreshed = await refreshWarehouse(warehouse.conn);
        } catch (error) {
          throw new Error(`数据已载入，但刷新汇总表失败（汇总表保持上次的结果）：${(error as Error).message}`);
        }
        console.error(describeRefresh(refreshed));
      }
    } finally {
      warehouse.close();
    }
    const failed = results.filter((r) => r.status === "failed");
    if (!values.json) {
      const sum = (k: "rows_read" | "rows_loaded" | "rows_rejected") => results.reduce((s, r) => s + r[k], 0);
      console.error(
        `共 ${files.length} 个文件：读取 ${sum("rows_read")} 行 = 载入 ${sum("rows_loaded")} + 拒绝 ${sum("rows_rejected")}；` +
          `${results.filter((r) => r.status === "unchanged").length} 个未变化，${failed.length} 个失败` +
          (passedOver.length ? `，${passedOver.length} 个不是可读的普通文件，已跳过` : "")
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

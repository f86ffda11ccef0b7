import {spawn} from "node:child_process";
import {basename, join} from "node:path";
import {cached, cacheDir, projectRoot, sourceHash} from "./cache.js";
import {detectEncoding, readHead, transcodeToUtf8} from "../read/encoding.js";
import {concatenateLines, withIsoDates, orderFilesOf, splitIntoFiles} from "./orders-csv.js";
import {writeOrdersXls} from "./orders-xls.js";
import {writeOrdersXlsx} from "./orders-xlsx.js";

const jicaiBin = join(projectRoot, "bin/jicai.js");
/** Order lines per unit of `jicai sample --scale` (200 984 at scale 1), rounded down for headroom. */
const linesPerScale = 195_000;

/** Runs the real CLI; its progress goes to our stderr, its report is dropped. */
function jicai(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [jicaiBin, ...args], {
      cwd: projectRoot,
      stdio: ["ignore", "ignore", "inherit"]
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`jicai ${args.join(" ")} 退出码 ${code}`))));
  });
}

/**
 * Every generated input of a run, cached under bench/out/cache/ by seed and by a hash of the code that
 * produced it (the generator for files; the generator and the loader for warehouses).
 */
export class BenchInputs {
  private readonly dir: string;
  private readonly loaderKey: string;

  constructor(
    readonly seed: number,
    private readonly log: (message: string) => void
  ) {
    this.dir = join(cacheDir, `seed${seed}-gen${sourceHash(["pipelines/sample"])}`);
    this.loaderKey = sourceHash([
      "pipelines/load",
      "pipelines/read",
      "pipelines/clean",
      "pipelines/sources",
      "pipelines/warehouse"
    ]);
  }

  /** The smallest sample scale (to 0.1) holding at least `lines` order lines. */
  static scaleFor(lines: number): number {
    return Math.max(0.1, Math.ceil((lines / linesPerScale) * 10) / 10);
  }

  /** `jicai sample --scale S --seed …` output folder. */
  sample(scale: number): Promise<string> {
    return cached(join(this.dir, `sample-${scale}`), async (target) => {
      this.log(`生成模拟数据 scale ${scale}…`);
      await jicai(["sample", "--scale", String(scale), "--seed", String(this.seed), "--out", target]);
    });
  }

  /** One UTF-8 orders CSV of exactly `lines` lines: the sample's quarterly GBK files, transcoded and joined. */
  async ordersCsv(scale: number, lines: number): Promise<string> {
    const sample = await this.sample(scale);
    return cached(join(this.dir, `orders-${scale}-${lines}.csv`), async (target) => {
      this.log(`合并采购明细为 UTF-8 CSV（${lines.toLocaleString("en-US")} 行）…`);
      await concatenateLines(orderFilesOf(sample), target, lines, {from: "gb18030", to: "utf8"});
    });
  }

  /** The same lines with every date as 2025-01-03: clean data, which DuckDB's read_csv types without help. */
  async isoOrdersCsv(scale: number, lines: number): Promise<string> {
    const utf8 = await this.ordersCsv(scale, lines);
    return cached(join(this.dir, `orders-${scale}-${lines}-iso.csv`), async (target) => {
      this.log(`把日期统一写成 2025-01-03（${lines.toLocaleString("en-US")} 行）…`);
      await concatenateLines([utf8], target, lines, {from: "utf-8", to: "utf8", mapLine: withIsoDates});
    });
  }

  /** A folder of `count` one-line order CSVs (the first lines of the orders CSV). */
  async smallFiles(scale: number, count: number): Promise<string> {
    const utf8 = await this.ordersCsv(scale, count);
    return cached(join(this.dir, `small-${scale}-${count}`), async (target) => {
      this.log(`拆分为 ${count.toLocaleString("en-US")} 个单行 CSV…`);
      await splitIntoFiles(utf8, target, count);
    });
  }

  /** The same lines under new order numbers (B…), so loading them adds lines instead of replacing them. */
  async newOrdersCsv(scale: number, lines: number): Promise<string> {
    const utf8 = await this.ordersCsv(scale, lines);
    return cached(join(this.dir, `orders-${scale}-${lines}-new.csv`), async (target) => {
      this.log(`改写订单编号，作为新增订单（${lines.toLocaleString("en-US")} 行）…`);
      await concatenateLines([utf8], target, lines, {from: "utf-8", to: "utf8", mapLine: (line) => `B${line}`});
    });
  }

  /** The same lines re-encoded to GBK, as Excel on Chinese Windows saves a CSV. */
  async ordersGbk(scale: number, lines: number): Promise<string> {
    const utf8 = await this.ordersCsv(scale, lines);
    return cached(join(this.dir, `orders-${scale}-${lines}-gbk.csv`), async (target) => {
      this.log(`转为 GBK CSV（${lines.toLocaleString("en-US")} 行）…`);
      await concatenateLines([utf8], target, lines, {from: "utf-8", to: "gbk"});
    });
  }

  /** The same lines as an .xlsx with a title row above the header. */
  async ordersXlsx(scale: number, lines: number): Promise<string> {
    const utf8 = await this.ordersCsv(scale, lines);
    return cached(join(this.dir, `orders-${scale}-${lines}.xlsx`), async (target) => {
      this.log(`写入 .xlsx（${lines.toLocaleString("en-US")} 行）…`);
      await writeOrdersXlsx(utf8, target, "华阳市药品耗材采购明细（基准测试）");
    });
  }

  /** The same lines as a .xls (BIFF8, at most 65 535 lines). */
  async ordersXls(scale: number, lines: number): Promise<string> {
    const utf8 = await this.ordersCsv(scale, lines);
    return cached(join(this.dir, `orders-${scale}-${lines}.xls`), async (target) => {
      this.log(`写入 .xls（${lines.toLocaleString("en-US")} 行）…`);
      await writeOrdersXls(utf8, target);
    });
  }

  /** A real file as UTF-8 (transcoded once), for DuckDB's own read_csv of the same data. */
  realUtf8Csv(file: string): Promise<string> {
    return cached(join(cacheDir, `real-${basename(file)}.utf8.csv`), async (target) => {
      this.log(`把 ${basename(file)} 转为 UTF-8…`);
      await transcodeToUtf8(file, target, detectEncoding(readHead(file)));
    });
  }

  /** A warehouse with the whole sample at `scale` loaded by `jicai load` (which also refreshes the marts). */
  /** `jicai export-lake` of the scale's warehouse (marts included), for the Spark comparison. */
  async lake(scale: number): Promise<string> {
    const db = await this.warehouse(scale);
    return cached(join(this.dir, `lake-${scale}-load${this.loaderKey}`), async (target) => {
      this.log(`导出 scale ${scale} 的数据湖…`);
      await jicai(["export-lake", "--db", db, "--out", target]);
    });
  }

  async warehouse(scale: number): Promise<string> {
    const sample = await this.sample(scale);
    return cached(join(this.dir, `warehouse-${scale}-load${this.loaderKey}.duckdb`), async (target) => {
      this.log(`载入 scale ${scale} 的全部模拟数据到数据仓库…`);
      const started = performance.now();
      await jicai(["load", sample, "--db", target]);
      this.log(`  载入用时 ${((performance.now() - started) / 1000).toFixed(0)} 秒`);
    });
  }
}

import {parseArgs} from "node:util";

export const benchUsage = `用法: npm run bench -- [--orders 1m,10m] [--sizes 200k,400k,800k] [--scales 1,10] [--repeat 3]
                      [--files 500]
                      [--only load,small,xlsx,gbk,xls,real,refresh,site,spark] [--seed 1] [--quick]

性能基准（不是测试）：生成输入（缓存在 bench/out/cache/），每个步骤在单独的子进程中重复运行，
报告中位数与最小–最大耗时、每秒行数和峰值内存（RSS），打印表格并把数据写入 bench/out/<时间>.json。

  --orders   采购明细行数（载入：本系统 vs DuckDB read_csv；最大的一个同时用于刷新数据集市）
  --files    “许多小文件”一步的文件数（每个文件一行采购明细；本系统逐个载入 vs DuckDB 逐个 read_csv）
  --sizes    .xlsx 与 GBK .csv 的行数（两个以上规模，用于观察内存是否随文件增大而持平）
  --scales   网站构建与 Spark 对比所用的模拟数据规模（jicai sample --scale）
  --repeat   每个步骤重复次数（默认 3；--quick 时默认 1）
  --only     只运行这些步骤组（xls：.xls 与 .xlsx 同内容对比；real：../shared/real-files 中的真实文件）
  --seed     模拟数据随机种子（默认 1）
  --quick    小规模冒烟运行：--orders 50k,100k --files 100 --sizes 20k,40k --scales 0.1`;

export const stepGroups = ["load", "small", "xlsx", "gbk", "xls", "real", "refresh", "site", "spark"] as const;
export type StepGroup = (typeof stepGroups)[number];

export interface BenchOptions {
  /** Order-line counts for the load comparison; the largest also feeds the refresh warehouse. */
  orders: number[];
  /** One-row files in the many-small-files step. */
  files: number;
  /** Row counts of the .xlsx and GBK inputs. */
  sizes: number[];
  /** Sample scales of the site builds. */
  scales: number[];
  repeat: number;
  seed: number;
  groups: StepGroup[];
  quick: boolean;
}

/** "10m" → 10 000 000, "200k" → 200 000, "5000" → 5000. */
export function parseCount(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`无法识别的行数 “${text}”（例如 200k、1m、5000）`);
  const factor = {"": 1, k: 1_000, m: 1_000_000}[match[2]!.toLowerCase() as "" | "k" | "m"];
  const value = Math.round(Number(match[1]) * factor);
  if (value <= 0) throw new Error(`行数应大于 0：“${text}”`);
  return value;
}

function list<T>(text: string, parse: (item: string) => T): T[] {
  return text
    .split(",")
    .filter((s) => s.trim() !== "")
    .map(parse);
}

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`应为正数：“${text}”`);
  return value;
}

export function parseBenchOptions(args: string[]): BenchOptions {
  const {values} = parseArgs({
    args,
    options: {
      orders: {type: "string"},
      files: {type: "string"},
      sizes: {type: "string"},
      scales: {type: "string"},
      repeat: {type: "string"},
      only: {type: "string"},
      seed: {type: "string", default: "1"},
      quick: {type: "boolean", default: false}
    },
    allowPositionals: false
  });
  const quick = values.quick;
  const groups = values.only ? list(values.only, (g) => g.trim()) : [...stepGroups];
  for (const g of groups) {
    if (!(stepGroups as readonly string[]).includes(g))
      throw new Error(`未知的步骤组 “${g}”，可选：${stepGroups.join(", ")}`);
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed 应为整数：“${values.seed}”`);
  const repeat = Number(values.repeat ?? (quick ? 1 : 3));
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat 应为正整数：“${values.repeat}”`);
  const files = parseCount(values.files ?? (quick ? "100" : "500"));
  const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  return {
    orders: sorted(list(values.orders ?? (quick ? "50k,100k" : "1m,10m"), parseCount)),
    files,
    sizes: sorted(list(values.sizes ?? (quick ? "20k,40k" : "200k,400k,800k"), parseCount)),
    scales: sorted(list(values.scales ?? (quick ? "0.1" : "1,10"), positiveNumber)),
    repeat,
    seed,
    groups: groups as StepGroup[],
    quick
  };
}

import {statSync} from "node:fs";
import {join} from "node:path";
import {existsSync} from "node:fs";
import {projectRoot, workDir} from "./cache.js";
import {BenchInputs} from "./inputs.js";
import type {BenchOptions, StepGroup} from "./options.js";
import type {Measurement} from "./results.js";
import {copySiteProject} from "./site-project.js";
import type {StepSpec} from "./step-runner.js";
import type {DuckdbVariant, JicaiLoadOptions} from "./steps/load.js";
import {formatCount} from "./table.js";

const duckdbVariantLabels: Record<DuckdbVariant, string> = {
  auto: "read_csv",
  all_varchar: "read_csv（all_varchar，只解析）",
  "text-then-typed": "两步：读成带行号的文本，再逐列转换类型写入（本系统做法的下限）"
};

/** Steps measured side by side: each repeat runs every member once, so drift in machine load hits them alike. */
export interface Comparison {
  members: {measurement: Measurement; spec: (repeat: number) => StepSpec}[];
}

const scratchDb = join(workDir, "load.duckdb");
/** About a month of a province's orders (400 k at 10 M a year), loaded before the timed refresh-after-load. */
const extraLinesFor = (yearLines: number) => Math.max(1_000, Math.min(400_000, Math.round(yearLines / 25)));

interface Loaded {
  id: string;
  label: string;
  file: string;
  /** Set for DuckDB's read_csv; absent for our loader. */
  variant?: DuckdbVariant;
  /** What a user gives on the command line for a real file (--province, --batch). */
  options?: JicaiLoadOptions;
  /** Our loader followed by the refresh of the marts, as `jicai load` runs them. */
  refresh?: boolean;
}

/** The real files beside the repository (../shared/real-files). */
const realDir = join(projectRoot, "../shared/real-files");

/** Order lines in the .xls comparison: a .xls sheet holds at most 65 535 under its header. */
const xlsLines = (sizes: number[]) => Math.min(sizes[0]!, 60_000);

function measurement(id: string, group: StepGroup, label: string, file: string | null): Measurement {
  return {id, group, label, input: file ? {file, bytes: statSync(file).size} : null, runs: []};
}

/** Prepares (or reuses) every input the selected groups need, then lists what to measure, in run order. */
export async function planBench(options: BenchOptions, inputs: BenchInputs): Promise<Comparison[]> {
  const wants = (g: StepGroup) => options.groups.includes(g);
  const orderScale = BenchInputs.scaleFor(
    Math.max(
      ...(wants("load") || wants("refresh") ? options.orders : []),
      ...(wants("xlsx") || wants("gbk") || wants("xls") ? options.sizes : []),
      ...(wants("small") ? [options.files] : [])
    )
  );
  const plan: Comparison[] = [];
  const member = (group: StepGroup, m: Loaded) => ({
    measurement: measurement(m.id, group, m.label, m.file),
    spec: (): StepSpec =>
      m.variant
        ? {kind: "load-duckdb", file: m.file, db: scratchDb, variant: m.variant}
        : {
            kind: "load-jicai",
            file: m.file,
            db: scratchDb,
            ...(m.options ? {options: m.options} : {}),
            ...(m.refresh ? {refresh: true} : {})
          }
  });
  const loadComparison = (group: StepGroup, ...loads: Loaded[]): Comparison => ({
    members: loads.map((m) => member(group, m))
  });
  const duckdbOn = (id: string, n: number, csv: string, variant: DuckdbVariant = "auto"): Loaded => ({
    id,
    label: `${formatCount(n)} 行 UTF-8 CSV · DuckDB ${duckdbVariantLabels[variant]}`,
    file: csv,
    variant
  });
  if (wants("load")) {
    for (const n of options.orders) {
      // The target is set on clean lines (every date 2025-01-03), which DuckDB types by itself; the sample's
      // own mix of date styles is measured with the real files and .xlsx.
      const csv = await inputs.isoOrdersCsv(orderScale, n);
      const ours = {id: `load-${n}-jicai`, label: `${formatCount(n)} 行 UTF-8 CSV · 本系统 loadFile`, file: csv};
      const whole = {
        id: `load-${n}-jicai-refresh`,
        label: `${formatCount(n)} 行 UTF-8 CSV · 本系统载入并刷新汇总表（jicai load）`,
        file: csv,
        refresh: true
      };
      plan.push(
        loadComparison(
          "load",
          ours,
          whole,
          duckdbOn(`load-${n}-duckdb`, n, csv),
          duckdbOn(`load-${n}-varchar`, n, csv, "all_varchar"),
          duckdbOn(`load-${n}-floor`, n, csv, "text-then-typed")
        )
      );
    }
  }
  if (wants("small")) {
    const dir = await inputs.smallFiles(orderScale, options.files);
    const folder = (id: string, label: string, kind: "load-folder-jicai" | "load-folder-duckdb") => ({
      measurement: {id, group: "small" as const, label, input: null, runs: []},
      spec: (): StepSpec => ({kind, dir, db: scratchDb})
    });
    const files = formatCount(options.files);
    plan.push({
      members: [
        folder(`small-${options.files}-jicai`, `${files} 个单行 CSV，逐个载入 · 本系统 loadFile`, "load-folder-jicai"),
        folder(`small-${options.files}-duckdb`, `${files} 个单行 CSV，逐个 · DuckDB read_csv`, "load-folder-duckdb")
      ]
    });
  }
  for (const kind of ["xlsx", "gbk"] as const) {
    if (!wants(kind)) continue;
    for (const k of options.sizes) {
      const csv = await inputs.ordersCsv(orderScale, k);
      const file = kind === "xlsx" ? await inputs.ordersXlsx(orderScale, k) : await inputs.ordersGbk(orderScale, k);
      const ours = {
        id: `${kind}-${k}-jicai`,
        label: `${formatCount(k)} 行 ${kind === "xlsx" ? ".xlsx（带标题行）" : "GBK CSV"} · 本系统 loadFile`,
        file
      };
      const pair = loadComparison(kind, ours, duckdbOn(`csv-${k}-duckdb`, k, csv));
      // The UTF-8 baseline of a size is shared by the .xlsx and GBK comparisons: measure it once.
      const measuredBefore = plan.some((c) => c.members.some((m) => m.measurement.id === `csv-${k}-duckdb`));
      plan.push(measuredBefore ? {members: [pair.members[0]!]} : pair);
    }
  }
  if (wants("xls")) {
    const k = xlsLines(options.sizes);
    const csv = await inputs.ordersCsv(orderScale, k);
    const members = [
      {
        id: `xls-${k}-jicai`,
        label: `${formatCount(k)} 行 .xls（BIFF8）· 本系统 loadFile`,
        file: await inputs.ordersXls(orderScale, k)
      },
      {
        id: `xls-${k}-xlsx-jicai`,
        label: `${formatCount(k)} 行 .xlsx（同内容）· 本系统 loadFile`,
        file: await inputs.ordersXlsx(orderScale, k)
      }
    ];
    const measuredBefore = plan.some((c) => c.members.some((m) => m.measurement.id === `csv-${k}-duckdb`));
    plan.push(loadComparison("xls", ...members, ...(measuredBefore ? [] : [duckdbOn(`csv-${k}-duckdb`, k, csv)])));
  }
  if (wants("real")) {
    if (!existsSync(realDir)) throw new Error(`找不到真实文件目录 ${realDir}（仓库旁的 shared/real-files）`);
    const real = (name: string) => join(realDir, name);
    const guizhou = {batch: "贵州省药品集中带量采购"};
    const hainan = {province: "海南省"};
    plan.push(
      loadComparison(
        "real",
        {
          id: "real-guizhou-xls",
          label: "贵州药品集采 .xls（2 885 行）· 本系统 loadFile",
          file: real("dxqls_guizhou_drugs.xls"),
          options: guizhou
        },
        {
          id: "real-guizhou-xlsx",
          label: "贵州药品集采 .xlsx（同内容）· 本系统 loadFile",
          file: real("dxqls_guizhou_drugs.xlsx"),
          options: guizhou
        }
      ),
      loadComparison(
        "real",
        {
          id: "real-hainan-xlsx",
          label: "海南药品集采 .xlsx（17 885 行）· 本系统 loadFile",
          file: real("dxqls_hainan_drugs.xlsx"),
          options: hainan
        },
        {
          id: "real-hainan-gbk",
          label: "海南药品集采 GB18030 CSV · 本系统 loadFile",
          file: real("dxqls_hainan_drugs.gb18030.csv"),
          options: hainan
        },
        {
          id: "real-hainan-duckdb",
          label: "海南药品集采 UTF-8 CSV · DuckDB read_csv",
          file: await inputs.realUtf8Csv(real("dxqls_hainan_drugs.gb18030.csv")),
          variant: "auto"
        }
      )
    );
  }
  if (wants("refresh")) {
    const db = await inputs.warehouse(orderScale);
    const extraOrderLines = extraLinesFor(Math.max(...options.orders));
    const extra = await inputs.newOrdersCsv(orderScale, extraOrderLines);
    const scratch = join(workDir, "refresh.duckdb");
    plan.push({
      members: [
        {
          measurement: measurement(
            "refresh",
            "refresh",
            `载入后刷新（scale ${orderScale} 仓库 + ${formatCount(extraOrderLines)} 行新订单）· refreshWarehouse`,
            extra
          ),
          spec: () => ({kind: "refresh", db, mode: "after-load", extra, scratch})
        },
        {
          measurement: measurement(
            "refresh-full",
            "refresh",
            `全量重建全部模型（scale ${orderScale} 仓库）· refreshWarehouse --full`,
            null
          ),
          spec: () => ({kind: "refresh", db, mode: "full"})
        },
        {
          measurement: measurement(
            "refresh-unchanged",
            "refresh",
            `无变化时刷新（scale ${orderScale} 仓库，刚全量重建过）· refreshWarehouse`,
            null
          ),
          spec: () => ({kind: "refresh", db, mode: "unchanged"})
        },
        {
          measurement: measurement("scan", "refresh", "订单全表扫描一次 · raw_orders", null),
          spec: () => ({kind: "scan", db})
        },
        {
          measurement: measurement("scan-all", "refresh", "订单全表扫描一次，读取全部列 · raw_orders", null),
          spec: () => ({kind: "scan", db, columns: "all"})
        }
      ]
    });
  }
  if (wants("site")) {
    for (const scale of options.scales) {
      const db = await inputs.warehouse(scale);
      const project = copySiteProject(join(workDir, `site-${scale}`));
      plan.push({
        members: [
          {
            measurement: measurement(
              `site-${scale}`,
              "site",
              `网站构建 scale ${scale} · site-prepare + observable build`,
              null
            ),
            spec: (repeat) => ({kind: "site-build", db, project, out: join(project, `dist-${repeat}`)})
          }
        ]
      });
    }
  }
  if (wants("spark")) {
    // The same models over the same sample: DuckDB rebuilding every model in the warehouse, Spark in local mode
    // (one JVM, every core) reading the exported lake and writing the marts back as Parquet.
    for (const scale of options.scales) {
      const db = await inputs.warehouse(scale);
      const lake = await inputs.lake(scale);
      plan.push({
        members: [
          {
            measurement: measurement(
              `marts-duckdb-${scale}`,
              "spark",
              `全部模型 scale ${scale} · DuckDB refreshWarehouse --full`,
              null
            ),
            spec: () => ({kind: "refresh", db, mode: "full"})
          },
          {
            measurement: measurement(
              `marts-spark-${scale}`,
              "spark",
              `全部模型 scale ${scale} · Spark local[*]（数据湖 → Parquet）`,
              null
            ),
            spec: (repeat) => ({kind: "spark-marts", lake, out: join(workDir, `spark-marts-${scale}-${repeat}`)})
          }
        ]
      });
    }
  }
  return plan;
}

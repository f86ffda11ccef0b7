import {spawn} from "node:child_process";
import {createWriteStream, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {createInterface} from "node:readline";
import {parseArgs} from "node:util";
import {readLakeManifest, verifyLake} from "../lake/manifest.js";
import {requireJava, requireVenv} from "../python/venv.js";
import {buildSparkPlan, jobScript} from "../spark/plan.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai spark-marts --lake 目录 --out 目录 [--master URL] [--overwrite] [--plan 文件] [--json]

在 Apache Spark 上，从 jicai export-lake 导出的数据湖重算全部数据集市（见 docs/scale-out.md）：按数据湖清单
登记 raw/ 与 parameters/ 下的表（先校验清单与每个文件的 sha256），把 pipelines/models 下的全部模型经 SQLGlot
转换为 Spark SQL，按依赖顺序运行，再把数据集市写成 Parquet 数据湖（marts/<名称>/ 与 manifest.json）。

  --lake       数据湖目录（含 manifest.json）
  --out        输出目录（不存在或为空；已有输出时需加 --overwrite）
  --master     Spark 集群地址，如 spark://主机:7077、yarn、local-cluster[2,1,1024]；默认本机 local[*]
  --conf       其他 Spark 设置 键=值，可重复（如 spark.executor.memory=8g）
  --overwrite  替换 --out 中已有的输出（只替换含 manifest.json 的目录）
  --plan       只写出作业计划（模型的 Spark SQL 与数据湖的表）到此文件，不运行；供 spark-submit 使用
  --json       输出结果 JSON

需要 Java 17 或 21，以及 npm run setup:python 安装的 Python 环境（.venv）。`;

interface JobEvent {
  started?: {spark_version: string; master: string};
  model?: {name: string; rows: number; ms: number};
  done?: {models: {name: string; rows: number; ms: number}[]; marts: {name: string; rows: number}[]; ms: number};
  error?: string;
}

export interface SparkRunOptions {
  master?: string;
  conf?: string[];
  overwrite?: boolean;
  /** Receives each model as it finishes. */
  onModel?: (model: NonNullable<JobEvent["model"]>) => void;
  /** Where the job's own output (Spark's log) goes; default a file in the system temp folder. */
  logFile?: string;
}

/**
 * Runs the Spark job over a lake with the venv's python and returns its summary; a failure is one Chinese line
 * (the job's own, or naming the log). Spark's log goes to a file, never to the user.
 */
export async function runSparkMarts(
  lake: string,
  out: string,
  options: SparkRunOptions = {}
): Promise<NonNullable<JobEvent["done"]> & {spark_version: string; master: string}> {
  const manifest = readLakeManifest(lake);
  const problems = await verifyLake(lake, manifest);
  if (problems.length) throw new Error(`数据湖 ${lake} 与清单不符：${problems[0]}（共 ${problems.length} 处）`);
  requireJava();
  const python = requireVenv();
  const work = mkdtempSync(join(tmpdir(), "jicai-spark-"));
  const planFile = join(work, "plan.json");
  writeFileSync(planFile, JSON.stringify(buildSparkPlan(manifest, python)));
  const logFile = options.logFile ?? join(tmpdir(), `jicai-spark-marts-${process.pid}.log`);
  const args = [jobScript, "--plan", planFile, "--lake", resolve(lake), "--out", resolve(out)];
  args.push("--master", options.master ?? "local[*]");
  for (const c of options.conf ?? []) args.push("--conf", c);
  if (options.overwrite) args.push("--overwrite");
  const local = !options.master || options.master.startsWith("local");
  const child = spawn(python, args, {
    env: {
      ...process.env,
      PYSPARK_PYTHON: python,
      // local modes: bind to loopback, keep workers' scratch folders out of the package
      ...(local ? {SPARK_LOCAL_IP: process.env.SPARK_LOCAL_IP ?? "127.0.0.1", SPARK_WORKER_DIR: work} : {})
    },
    stdio: ["ignore", "pipe", "pipe"]
  });
  const log = createWriteStream(logFile);
  child.stderr.pipe(log);
  let started: JobEvent["started"];
  let done: JobEvent["done"];
  let failure: string | undefined;
  for await (const line of createInterface({input: child.stdout})) {
    let event: JobEvent;
    try {
      event = JSON.parse(line) as JobEvent;
    } catch {
      log.write(`${line}\n`);
      continue;
    }
    if (event.started) started = event.started;
    if (event.model) options.onModel?.(event.model);
    if (event.done) done = event.done;
    if (event.error) failure = event.error;
  }
  const code: number = await new Promise((resolveExit) => child.on("close", (c) => resolveExit(c ?? 1)));
  await new Promise((resolveLog) => log.end(resolveLog));
  rmSync(work, {recursive: true, force: true});
  if (code !== 0 || !done || !started) {
    throw new Error(`${failure ?? `Spark 作业异常退出（退出码 ${code}）`}（日志：${logFile}）`);
  }
  const written = readLakeManifest(out);
  const broken = await verifyLake(out, written);
  if (broken.length) throw new Error(`Spark 写出的数据集市与其清单不符：${broken[0]}`);
  rmSync(logFile, {force: true});
  return {...done, ...started};
}

export const sparkMartsCommand: Command = {
  name: "spark-marts",
  summary: "在 Apache Spark 上从 Parquet 数据湖重算全部数据集市",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {
        lake: {type: "string"},
        out: {type: "string"},
        master: {type: "string"},
        conf: {type: "string", multiple: true},
        overwrite: {type: "boolean"},
        plan: {type: "string"},
        json: {type: "boolean"}
      }
    });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(" ")}`);
    if (!values.lake) throw new UsageError("请用 --lake 指定数据湖目录");
    if (values.plan) {
      const plan = buildSparkPlan(readLakeManifest(values.lake), requireVenv());
      writeFileSync(values.plan, `${JSON.stringify(plan, null, 2)}\n`);
      console.error(`已写出作业计划 ${values.plan}：${plan.tables.length} 张表，${plan.models.length} 个模型`);
      return 0;
    }
    if (!values.out) throw new UsageError("请用 --out 指定输出目录");
    const result = await runSparkMarts(values.lake, values.out, {
      master: values.master,
      conf: values.conf,
      overwrite: values.overwrite,
      onModel: (m) => {
        if (!values.json) console.log(`${m.name.padEnd(28)} ${String(m.rows).padStart(10)} 行  ${m.ms} ms`);
      }
    });
    if (values.json) console.log(JSON.stringify(result));
    else
      console.error(
        `已在 Spark ${result.spark_version}（${result.master}）上运行 ${result.models.length} 个模型，` +
          `写出 ${result.marts.length} 个数据集市到 ${values.out}，用时 ${(result.ms / 1000).toFixed(1)} 秒`
      );
    return 0;
  }
};

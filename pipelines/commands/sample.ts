import {parseArgs} from "node:util";
import {generateSample} from "../sample/generate-sample.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai sample [--scale N] [--out DIR] [--seed S]

生成一套确定性的模拟数据（虚构的江川省华阳市）：定点机构、集采批次与中选结果、约定采购量、
采购明细（GBK CSV，按季度分文件）、全国挂网价格、国谈药品目录（Parquet）、结余留用返还记录。

  --scale N   规模系数，默认 1（约 20 万行采购明细）；采购明细按比例增减，小于 1 时机构与产品也按比例缩小
  --out DIR   输出目录，默认 data/inbox
  --seed S    随机种子（整数），默认 1；相同的种子与规模生成逐字节相同的文件`;

export const sampleCommand: Command = {
  name: "sample",
  summary: "生成确定性的模拟输入数据（机构、批次、采购明细、挂网价格等）",
  usage,
  async run(args) {
    const {values} = parseArgs({
      args,
      options: {
        scale: {type: "string", default: "1"},
        out: {type: "string", default: "data/inbox"},
        seed: {type: "string", default: "1"}
      },
      allowPositionals: false
    });
    const scale = Number(values.scale);
    const seed = Number(values.seed);
    if (!Number.isFinite(scale) || scale <= 0 || scale > 1000)
      throw new UsageError(`--scale 应为 0 到 1000 之间的数字，收到 “${values.scale}”`);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed 应为整数，收到 “${values.seed}”`);
    const started = performance.now();
    const result = await generateSample({scale, seed, out: values.out}, (step) =>
      process.stderr.write(`正在生成：${step}…\n`)
    );
    const width = Math.max(...result.reports.map((r) => displayWidth(r.file)));
    for (const r of result.reports) {
      const name = r.file + " ".repeat(width - displayWidth(r.file));
      console.log(
        `${name}  ${r.source.padEnd(15)}  ${String(r.rows).padStart(9)} 行  ${(r.bytes / 1024 / 1024).toFixed(2).padStart(8)} MB`
      );
    }
    const rows = result.reports.reduce((s, r) => s + r.rows, 0);
    console.log(
      `共 ${result.reports.length} 个文件，${rows} 行，输出到 ${values.out}，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒`
    );
    return 0;
  }
};

/** Terminal columns of a text: CJK and full-width characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1;
  return width;
}

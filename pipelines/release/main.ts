// `npm run release [-- --target win32-x64 --out DIR]`: one offline-installable archive per platform.
import {relative} from "node:path";
import {parseArgs} from "node:util";
import {buildRelease} from "./build.js";
import {releaseTarget, releaseTargets} from "./targets.js";

const usage = `用法: npm run release -- [--target 平台]… [--out 目录]

为每个目标平台写出一个可离线安装的压缩包（程序、该平台的生产依赖与原生库、安装说明、一键更新脚本）。
构建时 npm 会从仓库或本机缓存取包；安装和运行时不联网。

  --target   ${releaseTargets.map((t) => t.name).join("、")}（可重复；默认全部）
  --out      输出目录（默认 release/）`;

async function main(argv: string[]): Promise<number> {
  const {values} = parseArgs({
    args: argv,
    options: {target: {type: "string", multiple: true}, out: {type: "string"}, help: {type: "boolean", short: "h"}}
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const targets = values.target?.flatMap((t) => t.split(",")).map(releaseTarget) ?? releaseTargets;
  const started = performance.now();
  const archives = await buildRelease({
    targets,
    outDir: values.out ?? "release",
    log: (line) => console.error(line)
  });
  for (const a of archives) {
    const mb = (a.bytes / 1024 / 1024).toFixed(1);
    console.log(
      `${a.target.padEnd(12)} ${mb.padStart(6)} MB  ${String(a.entries).padStart(6)} 项  ${a.seconds} 秒  ${relative(process.cwd(), a.file)}`
    );
  }
  console.error(`共 ${archives.length} 个压缩包，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`release: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

import {existsSync, mkdtempSync, readdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {buildHospitalWarehouse} from "../pack/hospital-warehouse.js";
import {buildSiteInto} from "../site/build.js";
import {openWarehouse, resolveDbPath} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai hospital-pack <医疗机构编码> --out 目录 [--db 路径]

为一家定点医疗机构生成独立的静态网站包（结余留用对账单、约定量进度及其下载），
其中只含该机构自己的数据：所有汇总表都只用该机构的订单、约定量和返还记录重新计算，
不含其他机构的任何行。可直接拷贝给该机构，用任何静态服务器或浏览器打开。
  --out   输出目录（须为空或不存在）
  --db    数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）`;

export const hospitalPackCommand: Command = {
  name: "hospital-pack",
  summary: "为一家医疗机构生成只含其自身数据的网站包",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {out: {type: "string"}, db: {type: "string"}}
    });
    if (positionals.length !== 1) throw new UsageError("请给出一个医疗机构编码");
    if (!values.out) throw new UsageError("请用 --out 指定输出目录");
    const code = positionals[0]!.trim().toUpperCase();
    const outDir = resolve(values.out);
    if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(`输出目录不是空的：${outDir}`);
    const sourcePath = resolveDbPath(values.db);

    const source = await openWarehouse(sourcePath, {readOnly: true});
    let name: string;
    try {
      const rows = (
        await source.conn.runAndReadAll("select name from raw_hospitals where hospital_code = $1", [code])
      ).getRows();
      if (rows.length === 0) throw new Error(`数据仓库中没有医疗机构 ${code}`);
      name = String(rows[0]![0]);
    } finally {
      source.close();
    }

    const workDir = mkdtempSync(join(tmpdir(), "jicai-pack-"));
    try {
      const packDb = join(workDir, "hospital.duckdb");
      const pack = await openWarehouse(packDb);
      let asOf: string;
      try {
        ({asOf} = await buildHospitalWarehouse(pack.conn, sourcePath, code));
      } finally {
        pack.close();
      }
      const {ms} = await buildSiteInto({dbPath: packDb, outDir});
      console.log(
        `已生成 ${name}（${code}）的网站包：${outDir}（统计截至 ${asOf}，构建 ${(ms / 1000).toFixed(1)} 秒）`
      );
      console.log(`打开 ${join(outDir, "statement.html")}?hospital=${code} 查看结余留用对账单`);
    } finally {
      rmSync(workDir, {recursive: true, force: true});
    }
    return 0;
  }
};

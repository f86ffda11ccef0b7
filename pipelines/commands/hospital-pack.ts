import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {buildHospitalWarehouse} from "../pack/hospital-warehouse.js";
import {writeStatementFiles} from "../pack/statement-files.js";
import {readStatementData, type StatementData} from "../../src/data/statement-data.js";
import {queryRows, tableExists} from "../../src/data/warehouse.js";
import {openWarehouse, resolveDbPath} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai hospital-pack <医疗机构编码> --out 目录 [--db 路径]

为一家定点医疗机构生成结余留用结算单（index.html）和明细表格（CSV），
其中只含该机构自己的数据：所有汇总表都只用该机构的订单、约定量和返还记录重新计算，
不含其他机构的任何行。文件不需要服务器，双击 index.html 即可在浏览器中打开和打印（A4，每页有页码）。
  --out   输出目录（须为空或不存在）
  --db    数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）`;

export const hospitalPackCommand: Command = {
  name: "hospital-pack",
  summary: "为一家医疗机构生成只含其自身数据、双击即可打开打印的结余留用结算单",
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
      let data: StatementData;
      try {
        ({asOf} = await buildHospitalWarehouse(pack.conn, sourcePath, code));
        data = await readStatementData(
          {
            query: (sql, options) => queryRows(pack.conn, sql, options),
            tableExists: (table) => tableExists(pack.conn, table)
          },
          {hospitalCode: code}
        );
      } finally {
        pack.close();
      }
      mkdirSync(outDir, {recursive: true});
      const files = writeStatementFiles(outDir, data, code, new Date());
      console.log(`已生成 ${name}（${code}）的结余留用结算单：${outDir}（统计截至 ${asOf}）`);
      console.log(`双击 ${join(outDir, files.html)} 即可打开和打印；明细表格：${files.csv.join("、")}`);
    } finally {
      rmSync(workDir, {recursive: true, force: true});
    }
    return 0;
  }
};

import {parseArgs} from "node:util";
import {modelsProject} from "../models/project.js";
import {martsAsOf} from "../refresh/refresh-models.js";
import {checksPassed, formatCheckReport, runChecks} from "../runner/checks.js";
import {openWarehouse, resolveDbPath} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai check [--db 路径] [--json]

运行数据质量检查（pipelines/models/checks/*.sql 及各来源键唯一，每项应返回 0 行）：键唯一、订单产品可识别、
金额 = 数量 × 单价、数据集市与输入数据可对账等。结果写入 check_results 表供网站展示。
有“失败”级检查不通过时退出码为 1；“提示”级只报告。
  --db    数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）
  --json  输出 JSON 数组：[{name, description, severity, passed, rowsFailing, sample, error}]`;

export const checkCommand: Command = {
  name: "check",
  summary: "运行数据质量检查，失败时退出码为 1",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {db: {type: "string"}, json: {type: "boolean"}}
    });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(" ")}`);
    const warehouse = await openWarehouse(resolveDbPath(values.db));
    try {
      const results = await runChecks(warehouse.conn, modelsProject, {asOf: await martsAsOf(warehouse.conn)});
      if (values.json) console.log(JSON.stringify(results));
      else console.log(formatCheckReport(results));
      return checksPassed(results) ? 0 : 1;
    } finally {
      warehouse.close();
    }
  }
};

import {parseArgs} from "node:util";
import {refreshWarehouse} from "../refresh/refresh-warehouse.js";
import {openWarehouse, resolveDbPath} from "../warehouse/open.js";
import {UsageError, type Command} from "./command.js";

const usage = `用法: jicai refresh [--as-of 日期] [--policy 辖区] [--policy-dir 目录] [--full] [--db 路径] [--json]

按依赖顺序更新全部模型（staging → intermediate → 数据集市），在一个事务中完成：失败时保留原有数据集市；
然后按同一统计日期运行数据质量检查（结果写入 check_results，数据质量页面显示）。
输入（数据、政策、统计日期、SQL）自上次构建以来未变的模型保持不变；订单汇总模型按批次增量维护：只读取新加载
或被更正的订单文件，中选结果、目录、政策等其他输入变化时自动全量重建。
  --as-of       统计日期（序时进度、到期预警的“今天”），如 2025-03-01；默认为已加载订单的最晚日期
  --policy      政策辖区或政策编号（默认环境变量 JICAI_POLICY，否则 default）；取该辖区在统计日生效的版本
  --policy-dir  政策文件目录（默认 data/policy）
  --full        全量重建全部模型（重新读取全部订单明细），不跳过未变的模型，也不做增量
  --db          数据仓库路径（默认 data/warehouse.duckdb，或环境变量 JICAI_DB）
  --json        输出 JSON：{asOf, policy, models: [{name, layer, rows, ms, mode}], martsRebuilt, checks}（mode：full 重建 / incremental 增量 / unchanged 未变）`;

export const refreshCommand: Command = {
  name: "refresh",
  summary: "按政策参数重建数据集市（价格核查、节约、进度、结余留用等）",
  usage,
  async run(args) {
    const {values, positionals} = parseArgs({
      args,
      allowPositionals: true,
      options: {
        db: {type: "string"},
        "as-of": {type: "string"},
        policy: {type: "string"},
        "policy-dir": {type: "string"},
        full: {type: "boolean"},
        json: {type: "boolean"}
      }
    });
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(" ")}`);
    const warehouse = await openWarehouse(resolveDbPath(values.db));
    try {
      const result = await refreshWarehouse(warehouse.conn, {
        asOf: values["as-of"],
        policy: values.policy,
        policyDir: values["policy-dir"],
        full: values.full
      });
      if (values.json) {
        console.log(JSON.stringify(result));
      } else {
        const marts = result.models.filter((m) => m.layer === "marts");
        // The whole refresh, commit included (the models' own times leave out the commit's checkpoint).
        const ms = Object.values(result.timings).reduce((sum, phase) => sum + phase, 0);
        console.log(`统计日期 ${result.asOf}；政策：${result.policy.name}（${result.policy.id}）`);
        for (const m of marts) {
          const mode =
            m.mode === "incremental"
              ? `  增量（读取 ${m.loadsRead} 个加载批次）`
              : m.mode === "unchanged"
                ? "  未变"
                : "";
          console.log(`  ${m.name.padEnd(28)} ${String(m.rows).padStart(10)} 行  ${m.ms} ms${mode}`);
        }
        const failed = result.checks.filter((c) => !c.passed).length;
        console.log(
          failed
            ? `数据质量检查 ${result.checks.length} 项，${failed} 项未通过（运行 jicai check 查看）`
            : `数据质量检查 ${result.checks.length} 项全部通过`
        );
        const unchanged = result.models.filter(
          (m) => m.mode === "unchanged" || (m.mode === "incremental" && !m.loadsRead && !m.loadsRemoved)
        ).length;
        console.log(
          `已更新 ${result.models.length - unchanged} 个模型（${unchanged} 个输入未变，保持不变），用时 ${(ms / 1000).toFixed(1)} 秒（其中提交 ${(result.timings.commit / 1000).toFixed(1)} 秒）。`
        );
      }
    } finally {
      warehouse.close();
    }
    return 0;
  }
};

import type {SourceContract} from "./contract.js";

export const batches: SourceContract = {
  kind: "batches",
  label: "采购批次",
  table: "raw_batches",
  columns: [
    {name: "batch_id", aliases: ["批次编号", "批次代码", "batch_id"], type: "code", required: true},
    {name: "name", aliases: ["批次名称", "name", "batch_name"], type: "text", required: true},
    {
      name: "level",
      aliases: ["采购层级", "批次级别", "层级", "level"],
      type: "text",
      canonical: "jc_batch_level",
      allowed: ["国家", "省际联盟", "省级"]
    },
    {
      name: "category",
      aliases: ["品类", "类别", "产品类别", "category"],
      type: "text",
      canonical: "jc_category",
      allowed: ["药品", "耗材"]
    },
    {name: "bid_date", aliases: ["开标日期", "bid_date"], type: "date"},
    {name: "exec_start", aliases: ["执行日期", "执行开始日期", "落地执行日期", "exec_start"], type: "date"},
    {name: "cycle_end", aliases: ["采购周期截止", "采购周期截止日期", "周期截止日期", "cycle_end"], type: "date"}
  ],
  key: ["batch_id"]
};

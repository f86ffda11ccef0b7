import {batchColumn, hospitalCodeColumn, type SourceContract} from "./contract.js";

export const surplusReturns: SourceContract = {
  kind: "surplus-returns",
  label: "结余留用返还",
  table: "raw_surplus_returns",
  columns: [
    {...hospitalCodeColumn, required: true},
    {...batchColumn, required: true},
    {name: "period", aliases: ["年度", "协议期", "考核年度", "考核周期", "period"], type: "text", required: true},
    {name: "assessment_score", aliases: ["考核得分", "考核分数", "assessment_score"], type: "decimal", check: "score"},
    {
      name: "paid_amount",
      aliases: ["返还金额", "结余留用金额", "拨付金额", "paid_amount"],
      type: "decimal",
      required: true,
      check: "nonNegative"
    },
    {name: "paid_date", aliases: ["返还日期", "拨付日期", "paid_date"], type: "date"}
  ],
  key: ["hospital_code", "batch", "period"]
};

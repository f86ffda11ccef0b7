import {batchColumn, hospitalCodeColumn, productColumns as p, type SourceContract} from "./contract.js";

export const agreedVolumes: SourceContract = {
  kind: "agreed-volumes",
  label: "约定采购量",
  table: "raw_agreed_volumes",
  columns: [
    batchColumn,
    hospitalCodeColumn,
    {name: "region", aliases: ["地区", "省份", "区县", "城市", "地市", "region", "province"], type: "text"},
    {...p.generic_name, required: true},
    p.dosage_form,
    p.spec,
    p.enterprise,
    p.product_code,
    {
      name: "year_index",
      aliases: ["采购年度", "协议年度", "执行年度", "年度", "第n年", "year_index"],
      type: "integer",
      defaultSql: "1"
    },
    {
      name: "reported_qty",
      aliases: ["报量", "报送量", "需求量", "历史采购量", "reported_qty"],
      type: "decimal",
      check: "nonNegative"
    },
    {
      name: "agreed_qty",
      aliases: ["约定采购量", "首年约定采购量", "协议采购量", "agreed_qty"],
      type: "decimal",
      required: true,
      check: "nonNegative"
    },
    {name: "unit", aliases: ["单位", "计量单位", "最小制剂单位", "unit"], type: "text"}
  ],
  key: ["batch", "hospital_code", "region", "generic_name", "dosage_form", "spec", "product_code", "year_index"],
  anyOf: [["hospital_code", "region"]],
  batchFromSheet: true,
  splitsDosageForm: true
};

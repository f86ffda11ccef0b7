import {batchColumn, productColumns as p, type SourceContract} from "./contract.js";

export const batchResults: SourceContract = {
  kind: "batch-results",
  label: "集采中选结果",
  table: "raw_batch_results",
  columns: [
    batchColumn,
    {...p.generic_name, required: true},
    p.dosage_form,
    p.spec,
    p.pack,
    p.conversion_ratio,
    {
      ...p.enterprise,
      required: true,
      // A selected price without its enterprise cannot be told from another enterprise's product of the same
      // spec (orders, compliance and savings all go by enterprise); guessing one would credit the wrong company.
      emptyReason: "中选企业为空：中选结果须写明企业才能与采购订单对应，请补全企业名称后重新载入"
    },
    p.product_code,
    {
      name: "selected",
      aliases: ["是否中选", "是否中标", "中选结果", "中选情况", "selected"],
      type: "boolean",
      defaultSql: "true"
    },
    {
      name: "price_per_pack",
      aliases: ["中选价格", "每盒价格", "中选价格每盒", "中选价格每包装", "申报价格", "price_per_pack"],
      type: "decimal",
      check: "positive"
    },
    {
      name: "price_per_unit",
      aliases: [
        "单位价格",
        "最小规格价格",
        "竞标价格最小规格",
        "中选价格最小制剂单位",
        "单位中选价格",
        "最小制剂单位价格",
        "price_per_unit"
      ],
      type: "decimal",
      check: "positive"
    },
    {
      name: "ceiling_price_unit",
      aliases: ["最高有效申报价", "最高限价", "最高有效申报价最小规格", "ceiling_price_unit"],
      type: "decimal",
      check: "positive"
    },
    {
      name: "pre_vbp_price_unit",
      aliases: ["集采前价格", "中标前中位价", "企业近三年平均价", "集采前单位价格", "pre_vbp_price_unit"],
      type: "decimal",
      check: "positive"
    },
    {name: "supply_provinces", aliases: ["供应省份", "供应地区", "供应区域", "supply_provinces"], type: "text"},
    {
      name: "supply_role",
      aliases: ["供应角色", "供应类型", "主供备供", "supply_role"],
      type: "text",
      canonical: "jc_supply_role",
      allowed: ["主供", "备供"]
    }
  ],
  key: ["batch", "generic_name", "dosage_form", "spec", "pack", "enterprise"],
  anyOf: [["price_per_pack", "price_per_unit"]],
  batchFromSheet: true,
  splitsDosageForm: true,
  fillDown: ["generic_name", "dosage_form", "enterprise"],
  continuationNeeds: ["spec", "pack"]
};

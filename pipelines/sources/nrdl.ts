import type {SourceContract} from "./contract.js";

export const nrdl: SourceContract = {
  kind: "nrdl",
  label: "国谈药品目录",
  table: "raw_nrdl",
  columns: [
    {name: "nrdl_year", aliases: ["目录年份", "谈判年份", "目录版本", "nrdl_year"], type: "integer"},
    {
      name: "drug_code",
      aliases: ["药品编码", "医保药品编码", "医保编码", "药品统一编码", "国家医保编码", "drug_code"],
      type: "code"
    },
    {
      name: "drug_name",
      aliases: ["药品名称", "通用名", "通用名称", "药品通用名", "品种名称", "品种名", "品种", "drug_name"],
      type: "text",
      required: true
    },
    {name: "dosage_form", aliases: ["剂型", "dosage_form"], type: "text"},
    {
      name: "payment_standard",
      aliases: ["医保支付标准", "支付标准", "医保支付价", "医保支付价格", "支付价", "payment_standard"],
      misspellings: ["医保支忖价", "医保支付标谁", "医报支付标准"],
      type: "decimal",
      required: true,
      check: "positive"
    },
    {name: "standard_unit", aliases: ["支付标准对应规格", "规格", "standard_unit"], type: "text"},
    {name: "restriction", aliases: ["限定支付范围", "医保支付限定", "备注", "restriction"], type: "text"},
    {
      name: "agreement_start",
      aliases: ["协议开始日期", "协议有效期起", "协议生效日期", "agreement_start"],
      type: "date"
    },
    {
      name: "agreement_end",
      aliases: ["协议有效期", "协议有效期止", "协议到期日", "协议截止日期", "agreement_end"],
      type: "date"
    },
    {name: "dual_channel", aliases: ["双通道", "是否双通道", "双通道管理", "dual_channel"], type: "boolean"}
  ],
  key: ["nrdl_year", "drug_name", "dosage_form", "standard_unit"],
  fillDown: ["drug_name", "dosage_form"],
  continuationNeeds: ["standard_unit"]
};

import {productColumns as p, type SourceContract} from "./contract.js";

/**
 * 医药价格和招采信用评级: one rating of an enterprise by a province's procurement body, with its level under the
 * 2020 rules (一般/中等/严重/特别严重) or the 2025 revision (失信/严重失信/特别严重失信). What a level restricts is
 * policy (monitoring.credit.levels), not part of the file.
 */
export const creditRatings: SourceContract = {
  kind: "credit-ratings",
  label: "信用评级",
  table: "raw_credit_ratings",
  columns: [
    {name: "province", aliases: ["评价省份", "评定省份", "评级省份", "省份", "province"], type: "text", required: true},
    {
      ...p.enterprise,
      aliases: ["被评价企业", "失信企业", "评价对象", "医药企业", "医药企业名称", ...p.enterprise.aliases],
      required: true
    },
    {
      name: "rating_date",
      aliases: ["评级日期", "评定日期", "信用评级日期", "评价日期", "认定日期", "公布日期", "rating_date"],
      type: "date",
      required: true
    },
    {
      name: "level",
      aliases: ["信用等级", "信用评级", "失信等级", "评级结果", "评定等级", "评价等级", "credit_level"],
      type: "text",
      required: true,
      canonical: "jc_credit_level",
      allowed: ["一般", "中等", "严重", "特别严重", "失信", "严重失信", "特别严重失信"]
    },
    {
      name: "case_summary",
      aliases: ["失信事项", "失信行为", "主要失信事实", "案由", "涉案事项", "案件", "case_summary"],
      type: "text"
    },
    {
      name: "case_products",
      aliases: ["涉案产品", "涉案药品", "涉案品种", "涉案产品名称", "case_products"],
      type: "text"
    },
    {name: "disposition", aliases: ["处置措施", "处置结果", "处置情况", "disposition"], type: "text"},
    {name: "repaired", aliases: ["是否修复", "信用修复", "已修复", "修复情况", "repaired"], type: "boolean"},
    {name: "repaired_date", aliases: ["修复日期", "信用修复日期", "repaired_date"], type: "date"}
  ],
  key: ["province", "enterprise", "rating_date"],
  provinceFromContext: true
};

import {productColumns as p, type SourceContract} from "./contract.js";

export const listingPrices: SourceContract = {
  kind: "listing-prices",
  label: "挂网价格",
  table: "raw_listing_prices",
  columns: [
    {name: "province", aliases: ["省份", "挂网省份", "province"], type: "text", required: true},
    p.product_code,
    {...p.generic_name, required: true},
    p.dosage_form,
    p.spec,
    p.pack,
    p.conversion_ratio,
    p.enterprise,
    {
      name: "category",
      aliases: ["产品类别", "类别", "品类", "category"],
      type: "text",
      canonical: "jc_category",
      allowed: ["药品", "耗材"],
      defaultSql: "'药品'"
    },
    {
      name: "listed_price",
      aliases: ["挂网价格", "挂网价", "挂网价格每包装", "listed_price"],
      type: "decimal",
      required: true,
      check: "positive"
    },
    {
      name: "national_lowest",
      aliases: ["全国最低价", "全国最低价格", "national_lowest"],
      type: "decimal",
      check: "positive"
    },
    {name: "status", aliases: ["挂网状态", "状态", "status"], type: "text"},
    {name: "listed_date", aliases: ["挂网日期", "挂网时间", "listed_date"], type: "date"},
    {
      name: "valid_from",
      aliases: ["价格生效日期", "价格执行日期", "生效日期", "valid_from"],
      type: "date",
      // rows landed before listings were versioned are the version of the day they were loaded
      backfillSql: "(select cast(load_log.started_at as date) from load_log where load_log.load_id = {table}.load_id)"
    }
  ],
  key: ["province", "generic_name", "dosage_form", "spec", "pack", "enterprise", "product_code", "valid_from"],
  versionedByDate: true,
  splitsDosageForm: true,
  provinceFromContext: true,
  categoryRules: [
    {
      category: "耗材",
      headers: ["耗材统一编码", "医保耗材编码", "耗材名称", "耗材编码", "注册证编号", "注册证号", "医疗器械注册证编号"],
      codePattern: "^C[0-9]{10,}$"
    },
    {
      category: "药品",
      headers: ["药品统一编码", "医保药品编码", "药品名称", "药品编码", "批准文号", "国药准字"],
      codePattern: "^[XZ][A-Z][0-9A-Z]{9,}$"
    }
  ],
  fillDown: ["generic_name", "dosage_form", "enterprise"],
  continuationNeeds: ["spec", "pack"]
};

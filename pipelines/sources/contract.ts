/**
 * A source contract declares one kind of input file: the raw table it lands in, its columns with every Chinese
 * and English header alias, their types and checks, and the natural key used for idempotent reloads. It is the
 * only place a header alias, a raw column or a key lives: the raw tables (warehouse/raw-tables.ts) and the key
 * checks (key-checks.ts) are derived from it.
 */
export type SourceKind =
  | "hospitals"
  | "batches"
  | "batch-results"
  | "agreed-volumes"
  | "orders"
  | "listing-prices"
  | "nrdl"
  | "surplus-returns"
  | "credit-ratings";

/** How a raw text cell becomes a typed value. Each type has one cleaning macro in clean/macros.sql. */
export type ColumnType = "text" | "code" | "decimal" | "integer" | "date" | "boolean" | "ratio";

export interface ColumnSpec {
  /** English identifier: the staging column name. */
  name: string;
  /** Header texts that mean this column (compared after normalizeHeader). The first is the Chinese label. */
  aliases: string[];
  /**
   * Header texts that mean this column only when no other header cell does: 产品编码 is often a platform's own
   * id, so beside 医保编码 it yields (and is listed among the ignored columns) instead of refusing the file.
   */
  weakAliases?: string[];
  /**
   * Misspelt headers seen in real files (医保支忖价 for 医保支付价), read as this column and named on the load
   * line. A list, not a closeness rule: one character apart also separates 采购单价 from 采购总价.
   */
  misspellings?: string[];
  type: ColumnType;
  required?: boolean;
  /** The reject reason when a required cell is blank, where "必填项为空" would not tell the user what to do. */
  emptyReason?: string;
  /** Row check on the typed value; a failing row is rejected naming this column. */
  check?: "positive" | "nonNegative" | "score";
  /** SQL macro (clean/macros.sql) mapping the cleaned text to a canonical value, e.g. 三级甲等 → 三级. */
  canonical?: string;
  /** Values allowed after `canonical`; anything else is rejected. */
  allowed?: readonly string[];
  /** Value used when the column is absent from the file. */
  defaultSql?: string;
  /**
   * For a column added to a contract after rows were landed: the value those rows get, as SQL over the raw row
   * (`load_id` etc.; `{table}` names the table being filled, raw or replaced); without it they stay NULL. Written
   * once, when the column is added (raw-tables.ts).
   */
  backfillSql?: string;
}

export interface SourceContract {
  kind: SourceKind;
  /** Chinese name shown in messages and on the data-quality page. */
  label: string;
  table: string;
  columns: ColumnSpec[];
  /** Natural key: a row with the same key in a later file replaces the earlier one. */
  key: string[];
  /** Groups of columns of which at least one must be present in the header (e.g. a unit or a pack price). */
  anyOf?: string[][];
  /** The batch may come from `--batch`, a title row naming it or the sheet name when there is no batch column. */
  batchFromSheet?: boolean;
  /** The province may come from `--province`, else the policy's home province, when there is no province column. */
  provinceFromContext?: boolean;
  /**
   * Each file is a version of its rows valid from a date: `--as-of`, else a date in the file's name, else the
   * file's modification date, written to the `valid_from` column (a cell of a 价格生效日期 column wins). The
   * column is part of the key, so a later version adds history beside the earlier one instead of replacing it.
   */
  versionedByDate?: boolean;
  /** How the category (药品/耗材) is told when the file has no category column; see CategoryRule. */
  categoryRules?: CategoryRule[];
  /**
   * Identifying columns left blank on a product's further rows ("same as above"), filled from the row that
   * starts the product. The first is the anchor: a row continues the one above only when its anchor is blank,
   * it has every other required column and one of `continuationNeeds` (a further spec or pack).
   */
  fillDown?: string[];
  continuationNeeds?: string[];
  /** Split "阿托伐他汀口服常释剂型" into generic name and dosage form when the form column is empty. */
  splitsDosageForm?: boolean;
}

/**
 * Tells one category (药品/耗材) of a file without a category column: by a header cell naming it (耗材统一编码)
 * for the whole file, else row by row by the shape of the product code (C… national consumable codes).
 */
export interface CategoryRule {
  category: string;
  headers: string[];
  /** DuckDB regular expression over the product code's cleaned text. */
  codePattern: string;
}

/** A title row above the header that names a batch (第七批国家组织药品集中采购中选结果), and what to cut from it. */
export const batchTitle = {
  pattern: "第[一二三四五六七八九十百0-9]+批|集中(带量)?采购|集采|带量采购|联盟采购",
  suffix: "(拟?中选(结果|产品|品种|药品|企业)?|结果)(公示|公告|目录|清单|表|一览表)?$"
};

/** The SQL type each column type lands as: the raw table's column (warehouse/raw-tables.ts) and the loader's cast. */
export const columnSqlType: Record<ColumnType, string> = {
  text: "varchar",
  code: "varchar",
  decimal: "decimal(18,6)",
  integer: "integer",
  date: "date",
  boolean: "boolean",
  ratio: "decimal(9,6)"
};

/** Column lists shared by several sources (the product description of a drug or consumable). */
export const productColumns = {
  generic_name: {
    name: "generic_name",
    aliases: [
      "通用名",
      "药品通用名",
      "通用名称",
      "品种名称",
      "品种名",
      "品种",
      "药品名称",
      "产品名称",
      "耗材名称",
      "generic_name",
      "generic name"
    ],
    type: "text"
  },
  dosage_form: {name: "dosage_form", aliases: ["剂型", "dosage_form", "dosage form", "form"], type: "text"},
  spec: {name: "spec", aliases: ["规格", "规格型号", "型号规格", "spec", "specification"], type: "text"},
  pack: {name: "pack", aliases: ["包装", "包装规格", "规格包装", "包装材质", "pack", "package"], type: "text"},
  conversion_ratio: {
    name: "conversion_ratio",
    aliases: ["转换比", "包装数量", "最小包装数量", "conversion_ratio", "conversion ratio"],
    type: "decimal",
    check: "positive"
  },
  enterprise: {
    name: "enterprise",
    aliases: [
      "生产企业",
      "企业",
      "中选企业",
      "拟中选企业",
      "申报企业",
      "企业名称",
      "生产企业名称",
      "生产厂家",
      "厂家",
      "enterprise",
      "manufacturer"
    ],
    type: "text"
  },
  product_code: {
    name: "product_code",
    aliases: [
      "医保编码",
      "药品代码",
      "医保药品编码",
      "医保耗材编码",
      "药品统一编码",
      "耗材统一编码",
      "药品编码",
      "耗材编码",
      "国家医保编码",
      "医保代码",
      "product_code"
    ],
    weakAliases: ["产品编码", "产品代码", "code"],
    type: "code"
  }
} satisfies Record<string, ColumnSpec>;

export const hospitalCodeColumn = {
  name: "hospital_code",
  aliases: [
    "医疗机构编码",
    "定点机构编码",
    "定点医药机构编码",
    "机构编码",
    "医院编码",
    "hospital_code",
    "hospital code"
  ],
  type: "code"
} satisfies ColumnSpec;

export const batchColumn = {
  name: "batch",
  aliases: ["批次", "批次名称", "采购批次", "集采批次", "batch", "batch_name"],
  type: "text"
} satisfies ColumnSpec;

import {z} from "zod";

/** A rate or share between 0 and 1. */
const share = z.number().min(0).max(1);
/** A price-difference base K (K^log2(x)); above 1 so a larger product may cost more. */
const differenceBase = z.number().gt(1).max(4);

const grade = z
  .object({
    grade: z.string().min(1),
    /** Lowest score of the grade; `min_inclusive: false` means strictly above (A > 80). */
    min_score: z.number().min(0).max(100),
    min_inclusive: z.boolean(),
    rate: share
  })
  .strict();

const flatRetention = z
  .object({
    mode: z.literal("flat"),
    flat_rate: share,
    insured_share: share,
    require_completion: z.boolean()
  })
  .strict();

const gradedRetention = z
  .object({
    mode: z.literal("graded"),
    grades: z
      .array(grade)
      .min(1)
      .superRefine((grades, ctx) => {
        for (let i = 1; i < grades.length; i++) {
          if (grades[i]!.min_score > grades[i - 1]!.min_score) {
            ctx.addIssue({code: "custom", path: [i, "min_score"], message: "等级须按最低分从高到低排列"});
          }
        }
        const last = grades.at(-1)!;
        if (!(last.min_score === 0 && last.min_inclusive)) {
          ctx.addIssue({
            code: "custom",
            path: [grades.length - 1, "min_score"],
            message: "最后一个等级须覆盖 0 分（min_score 0, min_inclusive true）"
          });
        }
      }),
    insured_share: share,
    require_completion: z.boolean()
  })
  .strict();

/** How loud an alert is: 红色预警 (red), 黄色预警 (yellow), 提示 (info). */
export const alertSeverities = ["red", "yellow", "info"] as const;
export type AlertSeverity = (typeof alertSeverities)[number];
const severity = z.enum(alertSeverities);
/** The document a rule or threshold comes from; shown beside every alert it raises. */
const sourceDocument = z.string().min(1);

/** One credit level (信用评级) and what it restricts: listing and distribution of the case products, or of all. */
const creditLevel = z
  .object({
    level: z.string().min(1),
    scheme: z.enum(["2020", "2025"]),
    restricts: z.boolean(),
    scope: z.enum(["case_products", "all_products"]),
    severity,
    disposition: z.string().min(1)
  })
  .strict();

/** Monitoring and early warning (监测预警): every threshold with the document it comes from. */
const monitoring = z
  .object({
    price_rise: z.object({max_rise_share: share, severity, action: z.string().min(1), source: sourceDocument}).strict(),
    /** A new spec or pack of a listed product priced above its 差比价 limit counts as a first price rise. */
    new_spec: z.object({severity, action: z.string().min(1), source: sourceDocument}).strict(),
    /** Id of a file in data/price-risk-tiers/ (a province's tiers; another province's tiers are another file). */
    price_risk_tiers: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "写 data/price-risk-tiers/ 下的文件名（不含 .json）"),
    supply: z
      .object({
        allowed_days: z.number().int().positive(),
        warning_rate: share,
        min_lines: z.number().int().positive(),
        severity,
        action: z.string().min(1),
        source: sourceDocument
      })
      .strict(),
    shortage: z
      .object({
        max_rate: share,
        months: z.number().int().min(1).max(24),
        severity,
        action: z.string().min(1),
        source: sourceDocument
      })
      .strict(),
    /** Order lines of the last lookback_days bought above the winning or listed price in force on their date. */
    order_price: z
      .object({
        lookback_days: z.number().int().positive(),
        winning_severity: severity,
        listed_severity: severity,
        action: z.string().min(1),
        source: sourceDocument
      })
      .strict(),
    /** Agreed-volume pace (hospital_progress) brought into the same alert list. */
    pace: z.object({severity, action: z.string().min(1), source: sourceDocument}).strict(),
    credit: z
      .object({
        source: sourceDocument,
        levels: z
          .array(creditLevel)
          .min(1)
          .refine((levels) => new Set(levels.map((l) => l.level)).size === levels.length, "信用等级重复")
      })
      .strict()
  })
  .strict();

/**
 * One policy version: the parameters of docs/rules.md for a jurisdiction from an effective date on.
 * Field names are the JSON keys of data/policy/*.json.
 */
export const policySchema = z
  .object({
    id: z.string().min(1),
    jurisdiction: z.string().min(1),
    name: z.string().min(1),
    effective_from: z.iso.date(),
    source: z.string().optional(),
    /** The bureau's own province: listings there are the ones it governs (`is_home_province`). */
    province: z.string().min(1),
    listing: z
      .object({
        drug_multiplier: z.number().positive(),
        consumable_multiplier: z.number().positive(),
        vbp_non_supply_multiplier: z.number().min(1)
      })
      .strict(),
    price_difference: z
      .object({content_k: differenceBase, pack_count_k: differenceBase, fill_volume_k: differenceBase})
      .strict(),
    progress: z.object({behind_pace_factor: share}).strict(),
    retention: z.discriminatedUnion("mode", [flatRetention, gradedRetention]),
    payment: z
      .object({
        on_time_days: z.number().int().positive(),
        prepay_ratio: share
      })
      .strict(),
    nrdl: z.object({expiry_warning_days: z.number().int().nonnegative()}).strict(),
    monitoring
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

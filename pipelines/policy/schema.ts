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
    nrdl: z.object({expiry_warning_days: z.number().int().nonnegative()}).strict()
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

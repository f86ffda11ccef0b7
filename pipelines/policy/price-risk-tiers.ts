import {readFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {z} from "zod";
import {alertSeverities} from "./schema.js";

export const priceRiskTiersDir = fileURLToPath(new URL("../../data/price-risk-tiers/", import.meta.url));

/** One tier: listings at or above `min_multiple` × the variety's reference price (strictly above when not inclusive). */
const tier = z
  .object({
    tier: z.string().regex(/^[a-z][a-z0-9_]*$/, "用小写英文字母、数字和下划线作编号"),
    label: z.string().min(1),
    min_multiple: z.number().min(1),
    min_inclusive: z.boolean(),
    severity: z.enum(alertSeverities),
    action: z.string().min(1)
  })
  .strict();

/** A province's price-risk tiers (e.g. Jiangsu's 苏医保发〔2021〕64号): the multiples, labels and actions, and the document. */
export const priceRiskTiersSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    source: z.string().min(1),
    reference: z.string().min(1),
    tiers: z
      .array(tier)
      .min(1)
      .superRefine((tiers, ctx) => {
        tiers.forEach((t, i) => {
          if (i > 0 && t.min_multiple >= tiers[i - 1]!.min_multiple)
            ctx.addIssue({code: "custom", path: [i, "min_multiple"], message: "风险等级须按最低倍数从高到低排列"});
          if (tiers.findIndex((o) => o.tier === t.tier) !== i)
            ctx.addIssue({code: "custom", path: [i, "tier"], message: "等级编号重复"});
        });
      })
  })
  .strict();

export type PriceRiskTiers = z.infer<typeof priceRiskTiersSchema>;

/** Reads and validates `data/price-risk-tiers/<id>.json`; a mistake is one Chinese line naming the file and field. */
export function readPriceRiskTiers(id: string, dir: string = priceRiskTiersDir): PriceRiskTiers {
  const file = join(dir, `${id}.json`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new Error(`价格风险分级文件 ${file} 不存在或不是有效的 JSON（策略 monitoring.price_risk_tiers 为“${id}”）`);
  }
  const parsed = priceRiskTiersSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `价格风险分级文件 ${file} 字段 ${issue.path.map(String).join(".") || "（整个文件）"}：${issue.message}`
    );
  }
  if (parsed.data.id !== id) throw new Error(`价格风险分级文件 ${file} 字段 id：应为“${id}”`);
  return parsed.data;
}

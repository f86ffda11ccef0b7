/**
 * The surplus-retention payout (结余留用) of docs/rules.md §8, computed exactly, so the sample can plant payout
 * records that match, under- or overpay it. The marts compute the authoritative value from the loaded data;
 * this module only has to agree with them to the fen on the sample's inputs.
 *
 * Per hospital × batch × period, over the batch's varieties v (generic name + dosage form):
 *   budget_v = Σ_products(Q_agreed × pre_vbp_unit_price) × r × s
 *   spend_v  = A_purchased × min(1, Q_agreed / Q_purchased) × r × s
 *   retained = max(0, Σ_v (budget_v − spend_v)) × rate, rounded half up to the fen.
 * Quantities are minimum units (packs × conversion ratio) of every product of the variety, selected or not,
 * without strength conversion between specs.
 */
import {roundHalfUp, UNIT_SCALE} from "./money.js";

export interface RetentionVariety {
  /** Agreed products of the variety: agreed minimum units and the product's pre-VBP unit price (0.0001 元). */
  agreed: {units: number; preVbpUnit: number}[];
  purchasedUnits: number;
  /** Purchase amount of the variety in the period, fen. */
  purchasedFen: number;
}

export interface RetentionPolicy {
  /** 医保实际支付比例 r, in ten-thousandths. */
  miPayRatio: number;
  /** Insured share s, in ten-thousandths (policy default 1.0). */
  insuredShare?: number;
  /** Retention rate, in ten-thousandths (flat 50% by default, the Langfang practice). */
  rate?: number;
}

/** Retained amount in fen. */
export function retainedFen(varieties: RetentionVariety[], policy: RetentionPolicy): bigint {
  // Σ_v (budget_v − spend_v) before the r·s factor, as a fraction in fen: num / den.
  let num = 0n;
  let den = 1n;
  for (const v of varieties) {
    const agreedUnits = BigInt(v.agreed.reduce((s, a) => s + a.units, 0));
    // Q × price in 0.0001 元 → fen: divide by 100.
    const budget = v.agreed.reduce((s, a) => s + BigInt(a.units) * BigInt(a.preVbpUnit), 0n);
    let termNum = budget;
    let termDen = 100n;
    const purchased = BigInt(v.purchasedUnits);
    if (purchased > 0n) {
      const fen = BigInt(v.purchasedFen);
      if (purchased <= agreedUnits) termNum -= fen * 100n;
      else {
        termNum = budget * purchased - fen * agreedUnits * 100n;
        termDen = 100n * purchased;
      }
    }
    num = num * termDen + termNum * den;
    den = den * termDen;
    const g = gcd(num < 0n ? -num : num, den);
    if (g > 1n) {
      num /= g;
      den /= g;
    }
  }
  if (num <= 0n) return 0n;
  const scale = BigInt(UNIT_SCALE);
  const factor =
    BigInt(policy.miPayRatio) * BigInt(policy.insuredShare ?? UNIT_SCALE) * BigInt(policy.rate ?? UNIT_SCALE / 2);
  return roundHalfUp(num * factor, den * scale * scale * scale);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

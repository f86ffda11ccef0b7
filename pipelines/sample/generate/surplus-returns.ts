import {day} from "../dates.js";
import type {AgreedVolume, Batch, Hospital, SurplusReturn} from "../model.js";
import {retainedFen, type RetentionVariety} from "../retention.js";
import type {Rng} from "../rng.js";
import {purchaseKey, type PeriodPurchases} from "./orders.js";

/** Payouts are made for procurement years that ended by this date (later ones are not settled yet). */
const SETTLED_BY = day("2026-06-30");
const LAST_PAYMENT = day("2026-10-31");

/**
 * One payout record per hospital × batch × settled period (第1年). The amount is the policy computation
 * (retention.ts, flat 50%, s = 1) for ~70% of records; ~15% are underpaid, ~10% overpaid, ~5% missing.
 */
export function generateSurplusReturns(
  batches: Batch[],
  agreedVolumes: AgreedVolume[],
  purchases: PeriodPurchases,
  rng: Rng
): SurplusReturn[] {
  const grouped = new Map<string, {hospital: Hospital; batch: Batch; volumes: AgreedVolume[]}>();
  for (const av of agreedVolumes) {
    if (av.yearIndex !== 1 || av.batch.yearOneEnd > SETTLED_BY) continue;
    const key = `${av.batch.spec.id}|${av.hospital.index}`;
    const g = grouped.get(key) ?? {hospital: av.hospital, batch: av.batch, volumes: []};
    g.volumes.push(av);
    grouped.set(key, g);
  }
  const out: SurplusReturn[] = [];
  for (const batch of batches) {
    for (const g of grouped.values()) {
      if (g.batch !== batch) continue;
      const computedFen = retainedFen(varietyInputs(g.volumes, purchases), {miPayRatio: g.hospital.miPayRatio});
      const kind = rng.weighted(["matched", "underpaid", "overpaid", "missing"] as const, [70, 15, 10, 5]);
      let paidFen: bigint | null = computedFen;
      if (kind === "missing") paidFen = null;
      else if (kind === "underpaid") paidFen = computedFen === 0n ? 0n : (computedFen * BigInt(rng.int(60, 97))) / 100n;
      else if (kind === "overpaid")
        paidFen = (computedFen * BigInt(rng.int(103, 130))) / 100n + BigInt(rng.int(100, 50_000));
      out.push({
        hospital: g.hospital,
        batch,
        period: "第1年",
        score: rng.int(620, 985) / 10,
        computedFen,
        paidFen,
        paidDate: paidFen === null ? null : Math.min(LAST_PAYMENT, batch.yearOneEnd + rng.int(60, 120)),
        kind: kind === "underpaid" && computedFen === 0n ? "matched" : kind
      });
    }
  }
  return out;
}

export function varietyInputs(volumes: AgreedVolume[], purchases: PeriodPurchases): RetentionVariety[] {
  const byVariety = new Map<string, AgreedVolume[]>();
  for (const av of volumes) byVariety.set(av.variety.varietyKey, [...(byVariety.get(av.variety.varietyKey) ?? []), av]);
  return [...byVariety.entries()].map(([variety, avs]) => {
    const p = purchases.get(purchaseKey(avs[0].hospital.index, avs[0].batch.spec.id, variety));
    return {
      agreed: avs.map((av) => ({units: av.agreedUnits, preVbpUnit: av.bid.preVbpUnit})),
      purchasedUnits: p?.units ?? 0,
      purchasedFen: p?.fen ?? 0
    };
  });
}

import type {AgreedVolume, Batch, BatchVariety, Hospital} from "../model.js";
import {PROVINCE} from "../reference/regions.js";
import type {Rng} from "../rng.js";

/** Whether an institution takes part in a variety of a batch (pharmacies only take oral drugs). */
export function participates(h: Hospital, v: BatchVariety, rng: Rng): boolean {
  const levelRank = h.level === "三级" ? 3 : h.level === "二级" ? 2 : 1;
  if (v.form === null)
    return (
      h.kind === "医院" && levelRank >= v.minLevel && (levelRank === 3 || rng.chance(v.minLevel === 1 ? 0.9 : 0.7))
    );
  const oral = v.form !== "注射剂" && v.form !== "吸入制剂";
  if (h.kind === "药店") return oral && rng.chance(0.5);
  if (h.kind === "基层") return rng.chance(oral ? 0.75 : 0.3);
  return rng.chance(levelRank === 3 ? 0.98 : 0.9);
}

/**
 * First-year agreed volumes per institution and selected product: agreed = share × reported demand, the share
 * depending on the number of winners. An institution takes one winner that supplies the home province; a
 * tertiary hospital sometimes splits its volume between two.
 */
export function generateAgreedVolumes(batches: Batch[], hospitals: Hospital[], rng: Rng): AgreedVolume[] {
  const out: AgreedVolume[] = [];
  for (const batch of batches) {
    const r = rng.fork(batch.spec.id);
    for (const variety of batch.varieties) {
      const suppliers = variety.bids.filter((b) => b.selected && b.supplyProvinces.includes(PROVINCE));
      for (const h of hospitals) {
        if (!participates(h, variety, r)) continue;
        const reported = Math.max(1, Math.round(variety.demand * h.size * r.uniform(0.6, 1.4)));
        const split = h.level === "三级" && suppliers.length > 1 && r.chance(0.3);
        const chosen = split ? r.sample(suppliers, 2) : [r.pick(suppliers)];
        const shares = split ? [0.6, 0.4] : [1];
        chosen.forEach((bid, i) => {
          const reportedUnits = Math.max(1, Math.round(reported * shares[i]));
          out.push({
            batch,
            hospital: h,
            variety,
            bid,
            yearIndex: 1,
            reportedUnits,
            agreedUnits: Math.max(1, Math.round(reportedUnits * variety.agreedShare))
          });
        });
      }
    }
  }
  return out;
}

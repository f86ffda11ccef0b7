import {day, yearEnd} from "../dates.js";
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
 * Agreed volumes per institution and selected product for every procurement year a batch has reached by
 * `asOf`, as bureaus receive them: a new year's volumes arrive once that year starts.
 *
 * Year 1: agreed = share × reported demand, the share depending on the number of winners. An institution takes
 * one winner that supplies the home province; a tertiary hospital sometimes splits its volume between two.
 * Later years: the same products, demand changed by −5 % to +15 %; about 2 % of institutions × batches never
 * reported a later year (their row is missing, as when a hospital misses the reporting deadline).
 */
export function generateAgreedVolumes(batches: Batch[], hospitals: Hospital[], rng: Rng, asOf: number): AgreedVolume[] {
  const firstYear = generateFirstYear(batches, hospitals, rng);
  return [...firstYear, ...generateLaterYears(batches, firstYear, rng, asOf)];
}

function generateFirstYear(batches: Batch[], hospitals: Hospital[], rng: Rng): AgreedVolume[] {
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

/** Years 2… that have started by `asOf` within the batch's cycle, from a fork per batch and year (year 1 is unchanged). */
function generateLaterYears(batches: Batch[], firstYear: AgreedVolume[], rng: Rng, asOf: number): AgreedVolume[] {
  const out: AgreedVolume[] = [];
  const cycleEnd = (b: Batch) => day(b.spec.cycleEnd);
  for (const batch of batches) {
    const ownFirstYear = firstYear.filter((av) => av.batch === batch);
    for (let year = 2; ; year++) {
      const start = yearEnd(batch.execStart, year - 1) + 1;
      if (start > asOf || start > cycleEnd(batch)) break;
      const r = rng.fork(`${batch.spec.id}-year-${year}`);
      const unreported = new Set([...new Set(ownFirstYear.map((av) => av.hospital))].filter(() => r.chance(0.02)));
      for (const av of ownFirstYear) {
        if (unreported.has(av.hospital)) continue;
        const change = r.uniform(0.95, 1.15);
        const reportedUnits = Math.max(1, Math.round(av.reportedUnits * change));
        out.push({
          ...av,
          yearIndex: year,
          reportedUnits,
          agreedUnits: Math.min(reportedUnits, Math.max(1, Math.round(av.agreedUnits * change)))
        });
      }
    }
  }
  return out;
}

import {day} from "../dates.js";
import type {NrdlEntry} from "../model.js";
import {drugEnterprises} from "../reference/enterprises.js";
import {nrdlGroups, restrictions} from "../reference/nrdl-drugs.js";
import type {Rng} from "../rng.js";
import type {Catalogue} from "./catalogue.js";

/**
 * Agreement periods as the NRDL runs them (two-year agreements from 1 January), plus a few mid-year renewals.
 * The first two expire within 90 days of the data's end (2026-10-31) and of 2026-11-23.
 */
const periods: [string, string, number][] = [
  ["2025-01-01", "2026-12-31", 2024],
  ["2024-12-01", "2026-11-30", 2024],
  ["2026-01-01", "2027-12-31", 2025],
  ["2024-01-01", "2025-12-31", 2023],
  ["2025-02-01", "2027-01-31", 2024],
  ["2023-03-01", "2027-02-28", 2022]
];
const periodWeights = [30, 6, 34, 14, 6, 10];

/** ≥ 400 negotiated-drug entries at scale 1: each name with one to three specs of its group's template. */
export function generateNrdl(catalogue: Catalogue, rng: Rng, scale: number): NrdlEntry[] {
  const out: NrdlEntry[] = [];
  const f = Math.min(1, scale);
  for (const group of nrdlGroups) {
    const names = group.names.slice(0, Math.max(1, Math.round(group.names.length * f)));
    for (const name of names) {
      const [start, end, year] = rng.weighted(periods, periodWeights);
      const base = rng.uniform(group.price[0], group.price[1]);
      const specCount = rng.weighted([1, 2, 3], [15, 45, 40]);
      const enterpriseIndex = rng.int(0, drugEnterprises.length - 1);
      const restriction = rng.pick(restrictions);
      const dualChannel = rng.chance(0.55);
      for (let s = 0; s < specCount; s++) {
        const [standardUnit, relative] = group.specs[s];
        const [spec, pack, ratio, unit] = splitStandardUnit(standardUnit);
        out.push({
          year,
          code: catalogue.codes.drug({
            classCode: "L01XX",
            generic: name,
            form: group.form,
            specIndex: s,
            packIndex: 0,
            enterpriseIndex,
            cpm: false
          }),
          name,
          form: group.form,
          spec,
          pack,
          conversionRatio: ratio,
          unit,
          paymentStandardFen: Math.round(base * relative * 100),
          restriction,
          agreementStart: day(start),
          agreementEnd: day(end),
          dualChannel,
          enterprise: drugEnterprises[enterpriseIndex]
        });
      }
    }
  }
  return out;
}

/** "100mg*30片/盒" → spec 100mg, pack 30片/盒, ratio 30; "10ml:100mg/瓶" → spec 10ml:100mg, pack 1瓶/瓶. */
function splitStandardUnit(text: string): [string, string, number, string] {
  const tablets = /^(.+)\*(\d+)(片|粒)\/盒$/.exec(text);
  if (tablets) return [tablets[1], `${tablets[2]}${tablets[3]}/盒`, Number(tablets[2]), tablets[3]];
  const [spec, unit] = text.split("/");
  return [spec, `1${unit}/${unit}`, 1, unit];
}

/** The 支付标准对应规格 text of an entry, as the catalogue prints it. */
export const standardUnitText = (e: NrdlEntry) =>
  e.conversionRatio === 1 ? `${e.spec}/${e.unit}` : `${e.spec}*${e.pack}`;

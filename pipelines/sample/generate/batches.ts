import {day, yearEnd} from "../dates.js";
import type {Batch, BatchVariety, Bid} from "../model.js";
import {batchSpecs, type BatchSpec} from "../reference/batches.js";
import type {ConsumableVariety} from "../reference/consumables.js";
import type {DrugVariety} from "../reference/drug-varieties.js";
import {deviceEnterprises, drugEnterprises} from "../reference/enterprises.js";
import {realProvinces} from "../reference/provinces.js";
import {PROVINCE} from "../reference/regions.js";
import type {Rng} from "../rng.js";
import {Catalogue, consumableProduct, drugProduct, range, specUnitPrice, varietyKey} from "./catalogue.js";

interface DraftBid {
  bid: Bid;
  /** Unit price before rounding, yuan. */
  unit: number;
  pre: number;
  /** Content factor of the spec (1 for the first spec), to compare specs on one scale. */
  factor: number;
}

/** Bids of every batch: selected and non-selected, with prices whose cuts match the published averages. */
export function generateBatches(catalogue: Catalogue, rng: Rng, scale: number): Batch[] {
  return batchSpecs.map((spec) => generateBatch(spec, catalogue, rng.fork(spec.id), Math.min(1, scale)));
}

function generateBatch(spec: BatchSpec, catalogue: Catalogue, rng: Rng, f: number): Batch {
  const drafts: {variety: BatchVariety; bids: DraftBid[]}[] = [];
  const drugs = spec.drugs.slice(0, Math.max(1, Math.round(spec.drugs.length * f)));
  const consumables = spec.consumables.slice(0, Math.max(1, Math.round(spec.consumables.length * f)));
  const deepIndex = spec.category === "药品" ? rng.int(0, drugs.length - 1) : -1;
  if (spec.category === "药品") {
    drugs.forEach((v, i) => drafts.push(draftDrugVariety(spec, v, catalogue, rng, i === deepIndex)));
  } else {
    for (const v of consumables) drafts.push(draftConsumableVariety(spec, v, catalogue, rng));
  }
  calibrate(
    drafts.flatMap((d) => d.bids),
    spec.targetCut
  );
  for (const d of drafts) finish(d, spec, rng);
  const execStart = day(spec.execStart);
  return {spec, execStart, yearOneEnd: yearEnd(execStart), varieties: drafts.map((d) => d.variety)};
}

function draftDrugVariety(spec: BatchSpec, v: DrugVariety, catalogue: Catalogue, rng: Rng, deep: boolean) {
  const bidders = rng.sample(range(drugEnterprises.length), rng.int(3, 10));
  const centre = deep ? rng.uniform(0.9, 0.95) : clamp(rng.normal(spec.targetCut, 0.12), 0.2, 0.86);
  const bids = bidders.map((e) => {
    const s = rng.int(0, v.specs.length - 1);
    const k = rng.int(0, v.packs.length - 1);
    const product = catalogue.add(drugProduct(catalogue, v, s, k, e, spec.id));
    const pre = specUnitPrice(v, s) * rng.uniform(0.85, 1.2);
    const cut = clamp(centre + rng.normal(0, deep ? 0.02 : 0.08), 0.05, 0.97);
    return draft(product, pre, pre * (1 - cut), specUnitPrice(v, s) / v.preUnitPrice);
  });
  return select(
    {
      generic: v.generic,
      form: v.form,
      varietyKey: varietyKey(v.generic, v.form),
      unit: v.unit,
      bids: [],
      agreedShare: 0,
      demand: v.demand,
      minLevel: v.form === "注射剂" ? 2 : 1
    },
    bids,
    rng,
    spec
  );
}

function draftConsumableVariety(spec: BatchSpec, v: ConsumableVariety, catalogue: Catalogue, rng: Rng) {
  const bidders = rng.sample(range(deviceEnterprises.length), rng.int(5, 11));
  const centre = clamp(rng.normal(spec.targetCut, 0.03), 0.3, 0.96);
  const bids = bidders.map((e) => {
    const s = rng.int(0, v.specs.length - 1);
    const m = rng.int(0, v.materials.length - 1);
    const product = catalogue.add(consumableProduct(catalogue, v, v.specs[s], undefined, m, e, spec.id));
    const pre = v.preUnitPrice * rng.uniform(0.85, 1.2);
    return draft(product, pre, pre * (1 - clamp(centre + rng.normal(0, 0.03), 0.1, 0.98)), 1);
  });
  return select(
    {
      generic: v.generic,
      form: null,
      varietyKey: varietyKey(v.generic, null),
      unit: v.unit,
      bids: [],
      agreedShare: 0,
      demand: v.demand,
      minLevel: v.minLevel
    },
    bids,
    rng,
    spec
  );
}

function draft(product: Bid["product"], pre: number, unit: number, factor: number): DraftBid {
  return {
    bid: {
      product,
      selected: false,
      pricePackFen: 0,
      priceUnit: 0,
      ceilingUnit: 0,
      preVbpUnit: 0,
      supplyProvinces: [],
      supplyRole: null
    },
    unit,
    pre,
    factor
  };
}

/**
 * 7th-batch rule: a bid wins when its comparable unit price ≤ 1.8 × the lowest (at most 8 winners). Most
 * varieties keep one loser: its price is pushed just above the threshold, as a bidder that would not cut.
 */
function select(variety: BatchVariety, bids: DraftBid[], rng: Rng, spec: BatchSpec) {
  const comparable = (b: DraftBid) => b.unit / b.factor;
  bids.sort((a, b) => comparable(a) - comparable(b));
  const lowest = comparable(bids[0]);
  if (bids.length > 2 && rng.chance(0.8)) {
    const last = bids[bids.length - 1];
    if (comparable(last) <= 1.8 * lowest)
      last.unit = Math.min(last.pre * 0.97, lowest * last.factor * rng.uniform(1.9, 2.6));
  }
  bids.forEach((b, i) => (b.bid.selected = i < 8 && comparable(b) <= 1.8 * lowest));
  const winners = bids.filter((b) => b.bid.selected).length;
  variety.agreedShare = spec.agreedShare(winners);
  return {variety, bids};
}

/** Scales every bid of the batch so that the mean cut of the selected bids equals the batch target. */
function calibrate(bids: DraftBid[], target: number): void {
  const selected = bids.filter((b) => b.bid.selected);
  const mean = selected.reduce((s, b) => s + (1 - b.unit / b.pre), 0) / selected.length;
  const k = (1 - target) / (1 - mean);
  for (const b of bids) b.unit = Math.min(b.unit * k, b.pre * 0.99);
}

function finish(d: {variety: BatchVariety; bids: DraftBid[]}, spec: BatchSpec, rng: Rng): void {
  const alliance = spec.level === "省际联盟";
  const supplyPool: string[] = alliance ? rng.sample(realProvinces, 7) : [...realProvinces];
  const winners = d.bids.filter((b) => b.bid.selected);
  // At least one winner supplies the home province; a national batch spreads the others.
  const homeSuppliers = new Set(rng.sample(winners, Math.max(1, Math.ceil(winners.length * 0.6))));
  const ceilingBySpec = new Map<string, number>();
  for (const b of d.bids) {
    const ratio = b.bid.product.conversionRatio;
    const fen = Math.max(1, Math.round(b.unit * ratio * 100));
    b.bid.pricePackFen = fen;
    b.bid.priceUnit = Math.round((fen * 100) / ratio);
    b.bid.preVbpUnit = Math.max(b.bid.priceUnit + 1, Math.round(b.pre * 10_000));
    const key = b.bid.product.spec;
    ceilingBySpec.set(key, Math.max(ceilingBySpec.get(key) ?? 0, b.pre * rng.uniform(1.0, 1.25), b.unit * 1.02));
  }
  for (const b of d.bids) {
    b.bid.ceilingUnit = Math.round(ceilingBySpec.get(b.bid.product.spec)! * 10_000);
    if (b.bid.selected) {
      const others = rng.sample(supplyPool, alliance ? rng.int(2, 6) : rng.int(3, 9));
      b.bid.supplyProvinces = homeSuppliers.has(b) ? [PROVINCE, ...others] : others;
      b.bid.supplyRole = alliance ? (homeSuppliers.has(b) ? "主供" : "备供") : null;
      b.bid.product.homePriceFen = homeSuppliers.has(b)
        ? b.bid.pricePackFen
        : Math.round(b.bid.pricePackFen * rng.uniform(1.1, 1.5));
    } else {
      // Non-selected products stay listed at a cut-down price, still well above the winners.
      b.bid.product.homePriceFen = Math.max(
        b.bid.pricePackFen,
        Math.round(b.pre * rng.uniform(0.6, 0.9) * b.bid.product.conversionRatio * 100)
      );
    }
  }
  d.variety.bids = d.bids.map((b) => b.bid);
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Mean price cut of a batch's selected bids against the pre-VBP unit price (the test's and marts' figure). */
export function meanSelectedCut(batch: Batch): number {
  const cuts = batch.varieties.flatMap((v) =>
    v.bids.filter((b) => b.selected).map((b) => 1 - b.priceUnit / b.preVbpUnit)
  );
  return cuts.reduce((s, c) => s + c, 0) / cuts.length;
}

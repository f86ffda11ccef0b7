import type {SampleModel} from "../build-model.js";
import {day, daysInMonth, monthStart} from "../dates.js";
import type {Hospital, NrdlEntry, Product} from "../model.js";
import type {Rng} from "../rng.js";
import {varietyKey} from "./catalogue.js";

/** Orders cover the 24 months ending 2026-10-31. */
export const ORDER_START = day("2024-11-01");
export const ORDER_END = day("2026-10-31");
export const ORDER_MONTHS: [number, number][] = Array.from({length: 24}, (_, i) => [
  2024 + Math.floor((10 + i) / 12),
  ((10 + i) % 12) + 1
]);
/** Order lines at scale 1. */
export const LINES_PER_SCALE = 200_000;

export type Channel = "带量" | "挂网" | "线下";
export type BadKind = "text-qty" | "negative-price" | "impossible-date";

export interface OrderLine {
  orderId: string;
  lineNo: number;
  hospital: Hospital;
  product: Product;
  qty: number;
  priceFen: number;
  amountFen: number;
  orderDate: number;
  receivedDate: number | null;
  paidDate: number | null;
  channel: Channel;
  /** A deliberately broken copy of a line, for rejects; not part of any total. */
  bad: BadKind | null;
  malformedCode: boolean;
}

export interface OrderSink {
  startMonth(year: number, month: number): void;
  line(line: OrderLine): void;
}

/** Purchased minimum units and amount per hospital × batch × variety within the batch's procurement year 1. */
export type PeriodPurchases = Map<string, {units: number; fen: number}>;
export const purchaseKey = (hospitalIndex: number, batchId: string, variety: string) =>
  `${hospitalIndex}|${batchId}|${variety}`;

interface Slot {
  product: Product;
  /** Where purchases within the product's batch year 1 are added up (null outside batches). */
  period: {from: number; to: number; totals: {units: number; fen: number}} | null;
  packsPerMonth: number;
  from: number;
  to: number;
  channel: Channel;
  priceFen: number;
  weight: number;
  backlog: number;
}

/**
 * Streams ~200,000 × scale purchase-order lines month by month and returns the purchases within each batch's
 * first procurement year (for the surplus-retention payouts). Each institution buys its agreed VBP products at
 * the winning price at its own pace, some non-selected products of the same varieties, listed drugs and
 * consumables at the home listing price, and negotiated drugs around their payment standard.
 */
export function generateOrders(model: SampleModel, rng: Rng, sink: OrderSink): PeriodPurchases {
  const purchases: PeriodPurchases = new Map();
  const pools = purchasePools(model, purchases);
  const slotsByHospital = model.hospitals.map((h) => buildSlots(model, pools, h, rng.fork(`slots-${h.code}`)));
  const target = Math.max(1, Math.round(LINES_PER_SCALE * model.options.scale));
  let weightMonths = 0;
  for (const slots of slotsByHospital) for (const s of slots) weightMonths += (s.weight * (s.to - s.from + 1)) / 30.44;
  const lambda = target / weightMonths;

  const troubles = supplyTroubles(slotsByHospital);
  let lineCounter = 0;
  const lines = rng.fork("lines");
  for (const [year, month] of ORDER_MONTHS) {
    sink.startMonth(year, month);
    const mStart = monthStart(year, month);
    const mEnd = mStart + daysInMonth(year, month) - 1;
    const seasonal = 1 + 0.12 * Math.cos((2 * Math.PI * (month - 1)) / 12);
    model.hospitals.forEach((hospital, hi) => {
      const drafts: {slot: Slot; qty: number; date: number}[] = [];
      for (const slot of slotsByHospital[hi]) {
        if (slot.from > mEnd || slot.to < mStart) continue;
        const from = Math.max(slot.from, mStart);
        const to = Math.min(slot.to, mEnd);
        const fraction = (to - from + 1) / (mEnd - mStart + 1);
        slot.backlog += slot.packsPerMonth * fraction * seasonal * lines.uniform(0.8, 1.2);
        const expected = lambda * slot.weight * fraction;
        const n = Math.floor(expected) + (lines.next() < expected % 1 ? 1 : 0);
        if (n === 0) continue;
        // A product ordered less than monthly is stocked ahead until its next expected order, as pharmacies
        // do; otherwise purchases would trail demand and most hospitals would look behind pace.
        const ahead = expected < 1 ? slot.packsPerMonth * seasonal * (1 / expected - 1) : 0;
        const perLine = Math.max(0, slot.backlog + ahead) / n;
        slot.backlog = -ahead;
        for (let i = 0; i < n; i++)
          drafts.push({
            slot,
            qty: Math.max(1, Math.round(perLine * lines.uniform(0.7, 1.3))),
            date: lines.int(from, to)
          });
      }
      drafts.sort((a, b) => a.date - b.date);
      let seq = 0;
      for (let i = 0; i < drafts.length;) {
        const date = drafts[i].date;
        let end = i;
        while (end < drafts.length && drafts[end].date === date && end - i < 20) end++;
        const orderId = `CG${compact(date)}${String(hi + 1).padStart(4, "0")}${String(++seq).padStart(3, "0")}`;
        const received = date + lines.int(1, 6);
        const paid = received + paymentDelay(hospital, lines);
        const receivedDate = received <= ORDER_END ? received : null;
        const paidDate = receivedDate !== null && paid <= ORDER_END && !lines.chance(0.01) ? paid : null;
        let lineNo = 0;
        for (let j = i; j < end; j++) {
          const d = drafts[j];
          const delivered = troubledDelivery(troubles, d.slot.product, date, receivedDate, paidDate, ++lineCounter);
          const line: OrderLine = {
            orderId,
            lineNo: ++lineNo,
            hospital,
            product: d.slot.product,
            qty: d.qty,
            priceFen: d.slot.priceFen,
            amountFen: d.qty * d.slot.priceFen,
            orderDate: date,
            receivedDate: delivered.receivedDate,
            paidDate: delivered.paidDate,
            channel: d.slot.channel,
            bad: null,
            malformedCode: lineCounter % 1009 === 0
          };
          sink.line(line);
          const period = d.slot.period;
          if (period !== null && date >= period.from && date <= period.to) {
            period.totals.units += line.qty * line.product.conversionRatio;
            period.totals.fen += line.amountFen;
          }
          if (lineCounter % 2711 === 0) {
            const kinds: BadKind[] = ["text-qty", "negative-price", "impossible-date"];
            sink.line({...line, lineNo: ++lineNo, bad: kinds[(lineCounter / 2711) % 3], malformedCode: false});
          }
        }
        i = end;
      }
    });
  }
  return purchases;
}

/** From these days on the sample's troubled products are delivered badly (see supplyTroubles). */
export const SHORTAGE_FROM = day("2026-07-01");
export const LATE_FROM = day("2026-09-01");

/** The two VBP products the sample delivers badly, for the monitoring pages to find. */
export interface SupplyTroubles {
  /** Delivered within days on 1 line in 20 from SHORTAGE_FROM: prone to shortage (3 months below 10 %). */
  shortage: Product | null;
  /** Delivered 10–15 days late on 3 lines in 4 from LATE_FROM: a low distribution rate, not a shortage. */
  late: Product | null;
}

/**
 * The two VBP products ordered most often (the largest sum of slot weights, the expected lines) by institutions
 * buying them from July 2026 to the end of the orders, ties by code, so every scale has lines of them in each
 * month. Chosen without the random stream, which stays as it was.
 */
function supplyTroubles(slotsByHospital: Slot[][]): SupplyTroubles {
  const weight = new Map<Product, number>();
  for (const slots of slotsByHospital)
    for (const s of slots)
      if (s.channel === "带量" && s.from <= SHORTAGE_FROM && s.to >= ORDER_END)
        weight.set(s.product, (weight.get(s.product) ?? 0) + s.weight);
  const ranked = [...weight].sort((a, b) => b[1] - a[1] || a[0].code.localeCompare(b[0].code)).map(([p]) => p);
  return {shortage: ranked[0] ?? null, late: ranked[1] ?? null};
}

/** A line's receipt and payment dates, changed for the troubled products (payment moves with a late receipt). */
function troubledDelivery(
  troubles: SupplyTroubles,
  product: Product,
  orderDate: number,
  receivedDate: number | null,
  paidDate: number | null,
  counter: number
): {receivedDate: number | null; paidDate: number | null} {
  if (product === troubles.shortage && orderDate >= SHORTAGE_FROM && counter % 20 !== 0)
    return {receivedDate: null, paidDate: null};
  if (product === troubles.late && orderDate >= LATE_FROM && counter % 4 !== 0 && receivedDate !== null) {
    const late = orderDate + 10 + (counter % 6);
    const shift = late - receivedDate;
    if (late > ORDER_END) return {receivedDate: null, paidDate: null};
    return {receivedDate: late, paidDate: paidDate !== null && paidDate + shift <= ORDER_END ? paidDate + shift : null};
  }
  return {receivedDate, paidDate};
}

function paymentDelay(h: Hospital, rng: Rng): number {
  if (h.latePayer && rng.chance(0.6)) return rng.int(31, 120);
  return rng.chance(0.03) ? rng.int(31, 45) : rng.int(5, 28);
}

const compact = (d: number) => {
  const date = new Date(d * 86_400_000);
  return `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, "0")}${String(date.getUTCDate()).padStart(2, "0")}`;
};

const portfolio: Record<string, {drugs: number; consumables: number; nrdl: number}> = {
  三级: {drugs: 220, consumables: 150, nrdl: 30},
  二级: {drugs: 110, consumables: 60, nrdl: 8},
  一级: {drugs: 40, consumables: 12, nrdl: 0},
  未定级: {drugs: 25, consumables: 6, nrdl: 0}
};

interface PurchasePools {
  batchById: Map<string, SampleModel["batches"][number]>;
  purchases: PeriodPurchases;
  volumesByHospital: Map<Hospital, SampleModel["agreedVolumes"]>;
  drugs: Product[];
  consumables: Product[];
}

/** What institutions choose from, computed once: agreed volumes by institution, home-listed non-VBP products. */
function purchasePools(model: SampleModel, purchases: PeriodPurchases): PurchasePools {
  const volumesByHospital = new Map<Hospital, SampleModel["agreedVolumes"]>();
  // Purchases follow the first year's agreement through the whole order range; later years' volumes are
  // close to it, so an institution's pace carries over.
  for (const av of model.agreedVolumes) {
    if (av.yearIndex !== 1) continue;
    const list = volumesByHospital.get(av.hospital) ?? [];
    list.push(av);
    volumesByHospital.set(av.hospital, list);
  }
  const listed = model.catalogue.products.filter((p) => p.batchId === null && model.homeListed.has(p));
  return {
    batchById: new Map(model.batches.map((b) => [b.spec.id, b])),
    purchases,
    volumesByHospital,
    drugs: listed.filter((p) => p.category === "药品"),
    consumables: listed.filter((p) => p.category === "耗材")
  };
}

function buildSlots(model: SampleModel, pools: PurchasePools, h: Hospital, rng: Rng): Slot[] {
  const slots: Slot[] = [];
  const periodOf = (product: Product): Slot["period"] => {
    if (product.batchId === null) return null;
    const batch = pools.batchById.get(product.batchId)!;
    const key = purchaseKey(h.index, product.batchId, product.varietyKey);
    let totals = pools.purchases.get(key);
    if (!totals) {
      totals = {units: 0, fen: 0};
      pools.purchases.set(key, totals);
    }
    return {from: batch.execStart, to: batch.yearOneEnd, totals};
  };
  const add = (
    product: Product,
    unitsPerYear: number,
    from: number,
    to: number,
    channel: Channel,
    priceFen: number
  ) => {
    const packsPerMonth = unitsPerYear / 12 / product.conversionRatio;
    if (from > to || packsPerMonth <= 0) return;
    slots.push({
      product,
      period: periodOf(product),
      packsPerMonth,
      from,
      to,
      channel,
      priceFen,
      weight: 1 + Math.log10(1 + packsPerMonth),
      backlog: 0
    });
  };
  for (const av of pools.volumesByHospital.get(h) ?? []) {
    const exec = av.batch.execStart;
    add(
      av.bid.product,
      av.agreedUnits * h.pace * rng.uniform(0.95, 1.15),
      Math.max(exec, ORDER_START),
      ORDER_END,
      "带量",
      av.bid.pricePackFen
    );
    if (exec > ORDER_START) {
      const before = rng.pick(av.variety.bids).product;
      add(before, av.reportedUnits * rng.uniform(0.8, 1.0), ORDER_START, exec - 1, "挂网", before.homePriceFen);
    }
    const others = av.variety.bids.filter((b) => !b.selected || b.product.homePriceFen !== b.pricePackFen);
    if (others.length && rng.chance(0.4)) {
      const other = rng.pick(others).product;
      add(other, av.agreedUnits * rng.uniform(0.05, 0.3), ORDER_START, ORDER_END, "挂网", other.homePriceFen);
    }
  }
  const plan = h.kind === "药店" ? {drugs: 40, consumables: 0, nrdl: 10} : portfolio[h.level];
  const rank = h.level === "三级" ? 3 : h.level === "二级" ? 2 : 1;
  const drugs = h.kind === "药店" ? pools.drugs.filter((p) => p.form !== "注射剂") : pools.drugs;
  const consumables = pools.consumables.filter((p) => p.minLevel <= rank);
  for (const p of rng.sample(drugs, plan.drugs)) {
    add(
      p,
      p.demand * h.size * rng.uniform(0.02, 0.15),
      ORDER_START,
      ORDER_END,
      rng.chance(0.01) ? "线下" : "挂网",
      p.homePriceFen
    );
  }
  for (const p of rng.sample(consumables, plan.consumables)) {
    add(
      p,
      p.demand * h.size * rng.uniform(0.02, 0.12),
      ORDER_START,
      ORDER_END,
      rng.chance(0.01) ? "线下" : "挂网",
      p.homePriceFen
    );
  }
  const nrdl = model.nrdl.filter((e) => h.kind !== "药店" || e.dualChannel);
  for (const e of rng.sample(nrdl, plan.nrdl)) {
    const position = model.nrdl.indexOf(e);
    const from = Math.max(ORDER_START, e.agreementStart);
    const to = Math.min(ORDER_END, e.agreementEnd);
    const price = Math.round(
      e.paymentStandardFen * (rng.chance(0.08) ? rng.uniform(1.02, 1.12) : rng.uniform(0.9, 1.0))
    );
    add(
      nrdlProduct(e, position),
      rng.uniform(20, 400) * h.size * e.conversionRatio,
      from,
      to,
      "挂网",
      Math.max(1, price)
    );
  }
  return slots;
}

const nrdlProducts = new WeakMap<NrdlEntry, Product>();

/** A negotiated drug as a purchasable product (not in the catalogue: its index is −1 − its catalogue position). */
export function nrdlProduct(e: NrdlEntry, position: number): Product {
  let p = nrdlProducts.get(e);
  if (!p) {
    p = {
      index: -1 - position,
      code: e.code,
      category: "药品",
      generic: e.name,
      form: e.form,
      spec: e.spec,
      pack: e.pack,
      conversionRatio: e.conversionRatio,
      enterprise: e.enterprise,
      unit: e.unit,
      packUnit: e.conversionRatio === 1 ? e.unit : "盒",
      varietyKey: varietyKey(e.name, e.form),
      batchId: null,
      homePriceFen: e.paymentStandardFen,
      demand: 0,
      minLevel: 2
    };
    nrdlProducts.set(e, p);
  }
  return p;
}

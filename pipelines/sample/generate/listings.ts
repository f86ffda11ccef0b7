import {day} from "../dates.js";
import type {Bid, Listing, Product} from "../model.js";
import {listingProvinces} from "../reference/provinces.js";
import {PROVINCE} from "../reference/regions.js";
import type {Rng} from "../rng.js";

const firstListing = day("2019-01-01");
const lastListing = day("2026-10-31");

/**
 * Each product is listed in a subset of provinces. Drug prices spread 1.0–1.5× around the product's anchor
 * with a minority far above (over 1.8× the national lowest); consumables sit at one national lowest price
 * with a minority above it. Products the city buys are always listed in the home province at their home price.
 * A VBP winner is listed at its winning price where it supplies (a few above it), and at up to 1.4× of it
 * elsewhere (a few beyond the 1.5× non-supply limit).
 */
export function generateListings(
  products: Product[],
  homeListed: Set<Product>,
  winningBids: Map<Product, Bid>,
  rng: Rng
): Listing[] {
  const out: Listing[] = [];
  const others = listingProvinces.filter((p) => p !== PROVINCE);
  products.forEach((product, i) => {
    const drug = product.category === "药品";
    const home = homeListed.has(product);
    const count = drug ? rng.int(4, 20) : rng.int(3, 16);
    // Round-robin guarantees every province appears even at small scales.
    const provinces = rng.sample(others, count - (home ? 1 : 0));
    const rr = others[i % others.length];
    if (!provinces.includes(rr)) provinces[0] = rr;
    if (home) provinces.unshift(PROVINCE);
    const anchor = product.homePriceFen;
    const rows = provinces.map((province) => {
      let price: number;
      const won = winningBids.get(product);
      if (province === PROVINCE) price = anchor;
      else if (won && won.supplyProvinces.includes(province)) {
        price = rng.chance(0.04) ? Math.round(won.pricePackFen * rng.uniform(1.05, 1.3)) : won.pricePackFen;
      } else if (won) {
        price = Math.round(won.pricePackFen * (rng.chance(0.05) ? rng.uniform(1.55, 2.2) : rng.uniform(1.0, 1.4)));
      } else if (drug) price = Math.round(anchor * (rng.chance(0.055) ? rng.uniform(2.0, 3.2) : rng.uniform(0.9, 1.5)));
      else price = rng.chance(0.07) ? Math.round(anchor * rng.uniform(1.03, 1.4)) : anchor;
      return {province, price: Math.max(1, price)};
    });
    const lowest = Math.min(...rows.map((r) => r.price));
    const nationalLowest = rng.chance(0.1) ? Math.max(1, Math.round(lowest * rng.uniform(0.85, 0.95))) : lowest;
    for (const {province, price} of rows) {
      out.push({
        province,
        product,
        priceFen: price,
        nationalLowestFen: drug && rng.chance(0.65) ? nationalLowest : null,
        status: rng.weighted(["挂网", "暂停挂网", "撤网"], [96, 3, 1]),
        listedDate: rng.int(firstListing, lastListing)
      });
    }
  });
  return out;
}

/** Reference price of a listing as docs/rules.md §2 defines it: the file's 全国最低价, else the lowest other province. */
export function listingReference(listing: Listing, sameProduct: Listing[]): number | null {
  if (listing.nationalLowestFen !== null) return listing.nationalLowestFen;
  const others = sameProduct.filter((l) => l !== listing).map((l) => l.priceFen);
  return others.length ? Math.min(...others) : null;
}

/** Share of listings priced above their limit (1.8× for drugs, 1.0× for consumables) among those with a reference. */
export function overLimitShare(listings: Listing[]): {drugs: number; consumables: number} {
  const byProduct = new Map<Product, Listing[]>();
  for (const l of listings) {
    const list = byProduct.get(l.product) ?? [];
    list.push(l);
    byProduct.set(l.product, list);
  }
  const tally = {药品: [0, 0], 耗材: [0, 0]};
  for (const l of listings) {
    const ref = listingReference(l, byProduct.get(l.product)!);
    if (ref === null) continue;
    const limit = l.product.category === "药品" ? 1.8 : 1.0;
    const t = tally[l.product.category];
    t[1]++;
    if (l.priceFen > limit * ref) t[0]++;
  }
  return {drugs: tally.药品[0] / tally.药品[1], consumables: tally.耗材[0] / tally.耗材[1]};
}

import {generateAgreedVolumes} from "./generate/agreed-volumes.js";
import {generateBatches} from "./generate/batches.js";
import {addListedProducts, Catalogue} from "./generate/catalogue.js";
import {generateHospitals} from "./generate/hospitals.js";
import {ORDER_END} from "./generate/orders.js";
import {generateListings} from "./generate/listings.js";
import {generateNrdl} from "./generate/nrdl.js";
import type {AgreedVolume, Batch, Hospital, Listing, NrdlEntry, Product} from "./model.js";
import {Rng} from "./rng.js";

export interface SampleOptions {
  seed: number;
  /** Order lines scale linearly; below 1, hospitals, products and batches' varieties shrink too. */
  scale: number;
}

/** Everything but the order lines, which are streamed (see generate/orders.ts). */
export interface SampleModel {
  options: SampleOptions;
  hospitals: Hospital[];
  batches: Batch[];
  catalogue: Catalogue;
  agreedVolumes: AgreedVolume[];
  /** Products listed on the home province platform, which the city's institutions buy. */
  homeListed: Set<Product>;
  listings: Listing[];
  nrdl: NrdlEntry[];
}

export function buildSampleModel(options: SampleOptions): SampleModel {
  const rng = new Rng(options.seed, "sample");
  const catalogue = new Catalogue();
  const hospitals = generateHospitals(rng.fork("hospitals"), options.scale);
  const batches = generateBatches(catalogue, rng.fork("batches"), options.scale);
  addListedProducts(catalogue, rng.fork("catalogue"), options.scale);
  const homeRng = rng.fork("home-listed");
  // Every bid is listed at home (winners at their price, the rest at their cut-down price); ~70% of the rest.
  const homeListed = new Set(catalogue.products.filter((p) => p.batchId !== null || homeRng.chance(0.7)));
  const agreedVolumes = generateAgreedVolumes(batches, hospitals, rng.fork("agreed-volumes"), ORDER_END);
  const winningBids = new Map(
    batches.flatMap((b) =>
      b.varieties.flatMap((v) => v.bids.filter((bid) => bid.selected).map((bid) => [bid.product, bid] as const))
    )
  );
  const listings = generateListings(catalogue.products, homeListed, winningBids, rng.fork("listings"));
  const nrdl = generateNrdl(catalogue, rng.fork("nrdl"), options.scale);
  return {options, hospitals, batches, catalogue, agreedVolumes, homeListed, listings, nrdl};
}

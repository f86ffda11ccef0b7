import {CodeBook} from "../codes.js";
import type {Category, Product} from "../model.js";
import {batchSpecs} from "../reference/batches.js";
import {listedConsumableLines, vbpConsumables, type ConsumableVariety} from "../reference/consumables.js";
import {packText, type DrugVariety} from "../reference/drug-varieties.js";
import {deviceEnterprises, drugEnterprises} from "../reference/enterprises.js";
import {listedDrugs, listedPatentMedicines} from "../reference/listed-drugs.js";
import {nrdlGroups} from "../reference/nrdl-drugs.js";
import type {Rng} from "../rng.js";

/** Every product of the sample (bids, listed drugs, listed consumables), with one code book. */
export class Catalogue {
  readonly products: Product[] = [];
  readonly codes: CodeBook;

  constructor() {
    const drugs = [...batchSpecs.flatMap((b) => b.drugs), ...listedDrugs, ...listedPatentMedicines];
    const consumables = [...Object.values(vbpConsumables).flat(), ...listedConsumables];
    const nrdlNames = nrdlGroups.flatMap((g) => g.names);
    this.codes = new CodeBook(
      [...drugs.map((d) => d.generic), ...consumables.map((c) => c.generic), ...nrdlNames],
      [...drugs.map((d) => d.form), ...nrdlGroups.map((g) => g.form)]
    );
  }

  add(product: Omit<Product, "index">): Product {
    // Listed field by field: a spread copy of this many fields lands in slow dictionary mode in V8.
    const p: Product = {
      index: this.products.length,
      code: product.code,
      category: product.category,
      generic: product.generic,
      form: product.form,
      spec: product.spec,
      pack: product.pack,
      conversionRatio: product.conversionRatio,
      enterprise: product.enterprise,
      unit: product.unit,
      packUnit: product.packUnit,
      varietyKey: product.varietyKey,
      batchId: product.batchId,
      homePriceFen: product.homePriceFen,
      demand: product.demand,
      minLevel: product.minLevel
    };
    this.products.push(p);
    return p;
  }

  byCategory(category: Category): Product[] {
    return this.products.filter((p) => p.category === category);
  }
}

export const listedConsumables: ConsumableVariety[] = listedConsumableLines
  .trim()
  .split("\n")
  .map((line) => {
    const [generic, classCode, unit, sizes, price, demand, level] = line.trim().split("|");
    return {
      generic,
      classCode,
      unit,
      specs: sizes.split(","),
      materials: ["通用"],
      preUnitPrice: Number(price),
      demand: Number(demand),
      minLevel: Number(level) as 1 | 2 | 3
    };
  });

export const varietyKey = (generic: string, form: string | null) => `${generic}|${form ?? ""}`;

/** Price of one minimum unit of a spec, from the first spec's price by the 差比价 content rule (1.7^log2 x). */
export function specUnitPrice(variety: DrugVariety, specIndex: number): number {
  const x = variety.specs[specIndex].strength / variety.specs[0].strength;
  return variety.preUnitPrice * 1.7 ** Math.log2(x);
}

/** A drug product (variety × spec × pack × enterprise) with its code. */
export function drugProduct(
  catalogue: Catalogue,
  variety: DrugVariety,
  specIndex: number,
  packIndex: number,
  enterpriseIndex: number,
  batchId: string | null
): Omit<Product, "index"> {
  const count = variety.packs[packIndex];
  return {
    code: catalogue.codes.drug({
      classCode: variety.classCode,
      generic: variety.generic,
      form: variety.form,
      specIndex,
      packIndex,
      enterpriseIndex,
      cpm: variety.cpm
    }),
    category: "药品",
    generic: variety.generic,
    form: variety.form,
    spec: variety.specs[specIndex].label,
    pack: packText(count, variety.unit),
    conversionRatio: count,
    enterprise: drugEnterprises[enterpriseIndex % drugEnterprises.length],
    unit: variety.unit,
    packUnit: count === 1 && (variety.unit === "瓶" || variety.unit === "袋") ? variety.unit : "盒",
    varietyKey: varietyKey(variety.generic, variety.form),
    batchId,
    homePriceFen: 0,
    demand: variety.demand,
    minLevel: variety.form === "注射剂" ? 2 : 1
  };
}

export function consumableProduct(
  catalogue: Catalogue,
  variety: ConsumableVariety,
  spec: string,
  specIndex: number | undefined,
  materialIndex: number,
  enterpriseIndex: number,
  batchId: string | null
): Omit<Product, "index"> {
  return {
    code: catalogue.codes.consumable({
      classCode: variety.classCode,
      generic: variety.generic,
      materialIndex,
      enterpriseIndex,
      specIndex
    }),
    category: "耗材",
    generic: variety.generic,
    form: null,
    spec: variety.materials.length > 1 ? `${spec}（${variety.materials[materialIndex]}）` : spec,
    pack: `1${variety.unit}/${variety.unit === "支" || variety.unit === "根" ? "袋" : "盒"}`,
    conversionRatio: 1,
    enterprise: deviceEnterprises[enterpriseIndex % deviceEnterprises.length],
    unit: variety.unit,
    packUnit: variety.unit,
    varietyKey: varietyKey(variety.generic, null),
    batchId,
    homePriceFen: 0,
    demand: variety.demand,
    minLevel: variety.minLevel
  };
}

/** Listed (non-VBP) drugs and consumables: ≥ 3,000 drug and ≥ 5,000 consumable products at scale 1. */
export function addListedProducts(catalogue: Catalogue, rng: Rng, scale: number): void {
  const f = Math.min(1, scale);
  for (const variety of [...listedDrugs, ...listedPatentMedicines]) {
    const enterprises = rng.sample(range(drugEnterprises.length), Math.max(1, Math.round(rng.int(9, 18) * f)));
    for (const e of enterprises) {
      for (let s = 0; s < variety.specs.length; s++) {
        for (let k = 0; k < variety.packs.length; k++) {
          const product = catalogue.add(drugProduct(catalogue, variety, s, k, e, null));
          product.homePriceFen = Math.max(
            1,
            Math.round(specUnitPrice(variety, s) * rng.uniform(0.55, 1.3) * product.conversionRatio * 100)
          );
        }
      }
    }
  }
  for (const variety of listedConsumables) {
    const enterprises = rng.sample(range(deviceEnterprises.length), Math.max(1, Math.round(rng.int(20, 36) * f)));
    for (const e of enterprises) {
      variety.specs.forEach((spec, s) => {
        const product = catalogue.add(consumableProduct(catalogue, variety, spec, s, 0, e, null));
        product.homePriceFen = Math.max(1, Math.round(variety.preUnitPrice * rng.uniform(0.6, 1.4) * 100));
      });
    }
  }
}

export const range = (n: number) => Array.from({length: n}, (_, i) => i);

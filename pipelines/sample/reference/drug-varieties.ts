/**
 * Drug varieties (通用名 + 剂型) with the specs and packs national batches contain. One compact line each:
 * generic | NHSA dosage form | class code (ATC level 4, or a CPM class) | minimum unit | specs (label:strength) |
 * pack counts | pre-VBP price per minimum unit of the first spec (元) | annual demand of a tertiary hospital (units).
 */
export interface DrugVariety {
  generic: string;
  form: string;
  classCode: string;
  unit: string;
  specs: {label: string; strength: number}[];
  packs: number[];
  preUnitPrice: number;
  demand: number;
  /** Chinese patent medicine: 20-character Z code. */
  cpm: boolean;
}

export function parseVarieties(lines: string, cpm = false): DrugVariety[] {
  return lines
    .trim()
    .split("\n")
    .map((line) => {
      const [generic, form, classCode, unit, specs, packs, price, demand] = line.trim().split("|");
      return {
        generic,
        form,
        classCode,
        unit,
        specs: specs.split(",").map((s) => {
          const [label, strength] = s.split("@");
          return {label, strength: Number(strength)};
        }),
        packs: packs.split(",").map(Number),
        preUnitPrice: Number(price),
        demand: Number(demand),
        cpm
      };
    });
}

/** Pack text as platforms write it: 7片/盒, 10支/盒, 1瓶/瓶 for a single infusion bottle. */
export function packText(count: number, unit: string): string {
  if (count === 1 && (unit === "瓶" || unit === "袋")) return `1${unit}/${unit}`;
  return `${count}${unit}/盒`;
}

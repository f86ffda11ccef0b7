/**
 * The in-memory model the sample generator builds before writing files. Money is integer fen; per-unit
 * prices and ratios are integer ten-thousandths (see money.ts); dates are day numbers (see dates.ts).
 */
import type {BatchSpec} from "./reference/batches.js";

export type HospitalLevel = "一级" | "二级" | "三级" | "未定级";
export type InstitutionKind = "医院" | "基层" | "药店";

export interface Hospital {
  index: number;
  code: string;
  name: string;
  level: HospitalLevel;
  /** As the register writes it: 三级甲等, 二级乙等, 一级, 未定级. */
  levelText: string;
  ownership: "公立" | "民营";
  region: string;
  /** 医保实际支付比例 in ten-thousandths (6832 = 68.32%). */
  miPayRatio: number;
  kind: InstitutionKind;
  /** Text of the 机构类别 column: 医院, 乡镇卫生院, 社区卫生服务中心, 零售药店 … */
  kindText: string;
  /** Relative purchasing size (tertiary hospital ≈ 1). */
  size: number;
  /** Purchase pace against agreed volumes; < 0.75 means behind. */
  pace: number;
  latePayer: boolean;
}

export type Category = "药品" | "耗材";

export interface Product {
  index: number;
  code: string;
  category: Category;
  generic: string;
  /** NHSA dosage form; null for consumables. */
  form: string | null;
  spec: string;
  pack: string;
  conversionRatio: number;
  enterprise: string;
  /** Minimum unit (片, 支, 个 …) and pack unit (盒, or the unit itself for consumables). */
  unit: string;
  packUnit: string;
  /** generic + form: the variety that surplus retention and selected-share sum over. */
  varietyKey: string;
  /** Batch the product bid in, if any. */
  batchId: string | null;
  /** Price per pack listed on the home province platform, fen. */
  homePriceFen: number;
  /** Annual use of a tertiary hospital, minimum units (for purchase volumes). */
  demand: number;
  minLevel: 1 | 2 | 3;
}

export interface Bid {
  product: Product;
  selected: boolean;
  /** Bid price per pack (the winning price when selected), fen. */
  pricePackFen: number;
  /** Per minimum unit, ten-thousandths of a yuan, as the result table prints it. */
  priceUnit: number;
  ceilingUnit: number;
  preVbpUnit: number;
  supplyProvinces: string[];
  supplyRole: "主供" | "备供" | null;
}

export interface BatchVariety {
  generic: string;
  form: string | null;
  varietyKey: string;
  unit: string;
  bids: Bid[];
  /** Agreed share of reported demand (depends on the number of winners). */
  agreedShare: number;
  /** Annual demand of a tertiary hospital, minimum units. */
  demand: number;
  minLevel: 1 | 2 | 3;
}

export interface Batch {
  spec: BatchSpec;
  execStart: number;
  /** Last day of procurement year 1. */
  yearOneEnd: number;
  varieties: BatchVariety[];
}

export interface AgreedVolume {
  batch: Batch;
  hospital: Hospital;
  variety: BatchVariety;
  bid: Bid;
  yearIndex: number;
  reportedUnits: number;
  agreedUnits: number;
}

export interface Listing {
  province: string;
  product: Product;
  priceFen: number;
  /** 全国最低价 per pack when the file gives it. */
  nationalLowestFen: number | null;
  status: string;
  listedDate: number;
}

export interface NrdlEntry {
  year: number;
  code: string;
  name: string;
  form: string;
  spec: string;
  pack: string;
  conversionRatio: number;
  unit: string;
  paymentStandardFen: number;
  restriction: string;
  agreementStart: number;
  agreementEnd: number;
  dualChannel: boolean;
  enterprise: string;
}

export interface SurplusReturn {
  hospital: Hospital;
  batch: Batch;
  period: string;
  score: number;
  /** What the policy formula gives, fen (see retention.ts). */
  computedFen: bigint;
  /** What the payout record says; null when the record is missing. */
  paidFen: bigint | null;
  paidDate: number | null;
  kind: "matched" | "underpaid" | "overpaid" | "missing";
}

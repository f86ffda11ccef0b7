import {agreedVolumes} from "./agreed-volumes.js";
import {batchResults} from "./batch-results.js";
import {batches} from "./batches.js";
import {creditRatings} from "./credit-ratings.js";
import type {SourceContract, SourceKind} from "./contract.js";
import {hospitals} from "./hospitals.js";
import {listingPrices} from "./listing-prices.js";
import {nrdl} from "./nrdl.js";
import {orders} from "./orders.js";
import {surplusReturns} from "./surplus-returns.js";

export const contracts: readonly SourceContract[] = [
  hospitals,
  batches,
  batchResults,
  agreedVolumes,
  orders,
  listingPrices,
  nrdl,
  surplusReturns,
  creditRatings
];

export const sourceKinds = contracts.map((c) => c.kind);

export function contractFor(kind: string): SourceContract {
  const contract = contracts.find((c) => c.kind === kind);
  if (!contract) throw new Error(`未知的数据来源 --source ${kind}（可选：${sourceKinds.join(", ")}）`);
  return contract;
}

export type {SourceContract, SourceKind};

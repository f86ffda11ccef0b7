import {mkdirSync} from "node:fs";
import {buildSampleModel, type SampleModel, type SampleOptions} from "./build-model.js";
import {writeAgreedVolumes} from "./files/agreed-volumes.js";
import {writeBatchResults} from "./files/batch-results.js";
import {writeBatches} from "./files/batches.js";
import {writeHospitals} from "./files/hospitals.js";
import {writeCreditRatings} from "./files/credit-ratings.js";
import {writeListingAdjustments, writeListings} from "./files/listings.js";
import {writeNrdl} from "./files/nrdl.js";
import {OrderFileWriter} from "./files/orders.js";
import type {FileReport} from "./files/report.js";
import {writeSurplusReturns} from "./files/surplus-returns.js";
import {EnterpriseTally, generateCreditRatings} from "./generate/credit-ratings.js";
import {generateOrders, type PeriodPurchases} from "./generate/orders.js";
import {generateSurplusReturns} from "./generate/surplus-returns.js";
import type {SurplusReturn} from "./model.js";
import {PROVINCE} from "./reference/regions.js";
import {Rng} from "./rng.js";

export interface SampleResult {
  model: SampleModel;
  purchases: PeriodPurchases;
  returns: SurplusReturn[];
  reports: FileReport[];
}

/** Builds the sample model and writes every input file into `out`; the same seed and scale give the same bytes. */
export async function generateSample(
  options: SampleOptions & {out: string},
  onStep: (step: string) => void = () => {}
): Promise<SampleResult> {
  mkdirSync(options.out, {recursive: true});
  const model = buildSampleModel(options);
  const reports: FileReport[] = [];
  onStep("机构、批次与中选结果");
  reports.push(...(await writeHospitals(options.out, model.hospitals)));
  reports.push(writeBatches(options.out, model.batches));
  reports.push(...(await writeBatchResults(options.out, model.batches)));
  onStep("约定采购量");
  reports.push(...(await writeAgreedVolumes(options.out, model.batches, model.agreedVolumes)));
  onStep("挂网价格与国谈目录");
  reports.push(...writeListings(options.out, model.listings));
  reports.push(writeListingAdjustments(options.out, model.listings, PROVINCE));
  reports.push(await writeNrdl(options.out, model.nrdl));
  onStep("采购明细");
  const orders = new OrderFileWriter(options.out);
  const tally = new EnterpriseTally(orders);
  const purchases = generateOrders(model, new Rng(options.seed, "orders"), tally);
  reports.push(...orders.close());
  onStep("信用评级");
  reports.push(writeCreditRatings(options.out, generateCreditRatings(tally, PROVINCE)));
  onStep("结余留用返还");
  const returns = generateSurplusReturns(
    model.batches,
    model.agreedVolumes,
    purchases,
    new Rng(options.seed, "surplus-returns")
  );
  reports.push(await writeSurplusReturns(options.out, returns));
  return {model, purchases, returns, reports};
}

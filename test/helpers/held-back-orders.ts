import {mkdirSync, renameSync} from "node:fs";
import {basename, join} from "node:path";
import {expect} from "vitest";
import {orderFilesOf} from "../../pipelines/bench/orders-csv.js";
import {jicai} from "./cli.js";

/**
 * The sample at `scale` loaded into `dir/warehouse.duckdb` (marts refreshed) except its last orders file, held
 * back in `dir/held` to be loaded later: the warehouse a refresh after a load starts from. `quarters` are the
 * orders files left in the inbox, in date order.
 */
export function sampleWithOrdersHeldBack(
  dir: string,
  scale = "0.1"
): {db: string; inbox: string; heldBack: string; quarters: string[]} {
  const inbox = join(dir, "inbox");
  const db = join(dir, "warehouse.duckdb");
  const sample = jicai(["sample", "--scale", scale, "--out", inbox]);
  expect(sample.status, sample.stderr).toBe(0);
  const quarters = orderFilesOf(inbox);
  mkdirSync(join(dir, "held"));
  const heldBack = join(dir, "held", basename(quarters.at(-1)!));
  renameSync(quarters.at(-1)!, heldBack);
  const load = jicai(["load", inbox, "--db", db]);
  expect(load.status, load.stderr).toBe(0);
  return {db, inbox, heldBack, quarters: quarters.slice(0, -1)};
}

import {readFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import type {Project} from "../runner/project.js";
import {keyChecks} from "../sources/key-checks.js";

export const modelsDir = fileURLToPath(new URL("./", import.meta.url));

/** The jc_* macros every model may call, run before the models. */
export function readMacros(): string {
  return readFileSync(join(modelsDir, "macros.sql"), "utf8");
}

/**
 * The warehouse's SQL models as a project for the runner. Staging models are views (thin renames and casts over
 * the landed raw_* tables); intermediate models and marts are tables, so each heavy join runs once per refresh
 * instead of once per mart that reads it.
 */
export const modelsProject: Project = {
  dir: modelsDir,
  layers: ["staging", "intermediate", "marts"],
  materializedByLayer: {staging: "view", intermediate: "table", marts: "table"},
  macrosSql: readMacros,
  checksDir: join(modelsDir, "checks"),
  // one check per source that its natural key is unique, derived from the contracts
  derivedChecks: () => keyChecks(),
  // as_of (policy_params) moves with every orders load (it defaults to the latest order date): a model that does
  // not name it is not rebuilt for it. The order models read policy_params.order_cutoff instead, which changes
  // only when --as-of cuts off loaded orders.
  volatileColumns: {policy_params: ["as_of"]}
};

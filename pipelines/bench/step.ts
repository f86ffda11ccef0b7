// Child-process entry of one measured step: `node --import tsx step.ts <spec.json>`; the outcome is written to
// the spec's resultFile (stdout stays free for whatever the measured code prints).
import {readFileSync, writeFileSync} from "node:fs";
import type {StepSpec} from "./step-runner.js";
import {loadFolderWithDuckdb, loadFolderWithJicai, loadWithDuckdb, loadWithJicai} from "./steps/load.js";
import type {StepOutcome} from "./steps/measure.js";
import {refreshMarts, scanOrders} from "./steps/refresh.js";
import {buildSite} from "./steps/site-build.js";
import {sparkMarts} from "./steps/spark.js";

function run(spec: StepSpec): Promise<StepOutcome> {
  switch (spec.kind) {
    case "load-jicai":
      return loadWithJicai(spec.file, spec.db, spec.options, {refresh: spec.refresh});
    case "load-duckdb":
      return loadWithDuckdb(spec.file, spec.db, spec.variant);
    case "load-folder-jicai":
      return loadFolderWithJicai(spec.dir, spec.db);
    case "load-folder-duckdb":
      return loadFolderWithDuckdb(spec.dir, spec.db);
    case "refresh":
      return refreshMarts(spec);
    case "scan":
      return scanOrders(spec.db, spec.columns);
    case "site-build":
      return buildSite(spec.db, spec.project, spec.out);
    case "spark-marts":
      return sparkMarts(spec.lake, spec.out);
  }
}

const spec = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as StepSpec & {resultFile: string};
writeFileSync(spec.resultFile, JSON.stringify(await run(spec)));

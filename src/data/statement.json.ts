// 结余留用结算单 (the bureau's page): every hospital with a statement or an agreed volume, its statements per
// batch and period with every input and step (retention_statement), its totals, and its agreed-volume progress
// per batch and cycle year (hospital_progress). The page holds every hospital: it is for the bureau, and what a
// hospital receives is printed from it or made by `jicai hospital-pack`. Tables are packed column by column
// (components/packed.ts).
import {packRows} from "../components/packed.js";
import {readStatementData} from "./statement-data.js";
import {emitJson} from "./warehouse.js";

await emitJson(async (warehouse) => {
  const data = await readStatementData(warehouse);
  return {
    ...data,
    hospitals: packRows(data.hospitals),
    statements: packRows(data.statements),
    totals: packRows(data.totals),
    progress: packRows(data.progress)
  };
});

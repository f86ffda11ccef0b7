import {loadFile} from "../../load/load-file.js";
import {openWarehouse} from "../../warehouse/open.js";
import {sqlString} from "../../warehouse/sql.js";
import {measure, removeDatabase, type StepOutcome} from "./measure.js";

/** Our loader (detection, cleaning, validation, rejects, load_log, one transaction) into a fresh warehouse. */
export async function loadWithJicai(file: string, db: string): Promise<StepOutcome> {
  removeDatabase(db);
  const warehouse = await openWarehouse(db);
  try {
    return await measure(async () => {
      const results = await loadFile(warehouse.conn, file);
      const failed = results.find((r) => r.status !== "loaded");
      if (failed) throw new Error(`载入失败（${failed.status}）：${failed.message ?? ""}`);
      const sum = (k: "rows_read" | "rows_loaded" | "rows_rejected") => results.reduce((s, r) => s + r[k], 0);
      return {
        rows: sum("rows_read"),
        detail: {rows_loaded: sum("rows_loaded"), rows_rejected: sum("rows_rejected"), timings: results[0]?.timings ?? {}}
      };
    });
  } finally {
    warehouse.close();
    removeDatabase(db);
  }
}

/** DuckDB's own reader with auto-detection and nothing else: the ceiling for a CSV load on this machine. */
export async function loadWithDuckdb(file: string, db: string): Promise<StepOutcome> {
  removeDatabase(db);
  const warehouse = await openWarehouse(db);
  try {
    const outcome = await measure(async () => {
      await warehouse.conn.run(`create table bench_read_csv as from read_csv(${sqlString(file)})`);
      return {rows: null};
    });
    const reader = await warehouse.conn.runAndReadAll("select count(*)::integer from bench_read_csv");
    outcome.rows = Number(reader.getRows()[0]![0]);
    return outcome;
  } finally {
    warehouse.close();
    removeDatabase(db);
  }
}

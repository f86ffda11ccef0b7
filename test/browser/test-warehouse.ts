// The warehouse the site tests build against.
import {createFixtureWarehouse} from "./fixture-warehouse.js";
import {openWarehouse} from "../../pipelines/warehouse/open.js";
import {join} from "node:path";

export async function createTestWarehouse(dir: string): Promise<string> {
  const path = join(dir, "warehouse.duckdb");
  await createFixtureWarehouse(path);
  return path;
}

/** One read-only query for assertions, run in the test process after the build has finished with the file. */
export async function queryTestWarehouse(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const warehouse = await openWarehouse(path, {readOnly: true});
  try {
    return (await warehouse.conn.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    warehouse.close();
  }
}

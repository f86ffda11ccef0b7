import {join} from "node:path";
import {openWarehouse, type Warehouse} from "../../pipelines/warehouse/open.js";

let counter = 0;

/** Opens a new warehouse file in `dir`. */
export async function newWarehouse(dir: string): Promise<Warehouse> {
  return openWarehouse(join(dir, `w${++counter}.duckdb`));
}

/** Rows of a query as plain objects (BIGINT → number, DECIMAL → number, DATE → ISO text). */
export async function rows(warehouse: Warehouse, sql: string): Promise<Record<string, unknown>[]> {
  const result = await warehouse.conn.runAndReadAll(sql);
  return result.getRowObjectsJson() as Record<string, unknown>[];
}

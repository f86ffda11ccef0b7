import {refreshModels} from "../../models/run.js";
import {openWarehouse} from "../../warehouse/open.js";
import {measure, type StepOutcome} from "./measure.js";

async function orderCount(db: string): Promise<number> {
  const warehouse = await openWarehouse(db, {readOnly: true});
  try {
    const reader = await warehouse.conn.runAndReadAll("select count(*)::bigint from stg_orders");
    return Number(reader.getRows()[0]![0]);
  } finally {
    warehouse.close();
  }
}

/** Every model rebuilt (refreshModels, one transaction), as after a load. */
export async function refreshMarts(db: string): Promise<StepOutcome> {
  const rows = await orderCount(db);
  const warehouse = await openWarehouse(db);
  try {
    return await measure(async () => {
      const result = await refreshModels(warehouse.conn);
      const slowest = [...result.models].sort((a, b) => b.ms - a.ms).slice(0, 6);
      return {rows, detail: {models: result.models.length, slowest: Object.fromEntries(slowest.map((m) => [m.name, m.ms]))}};
    });
  } finally {
    warehouse.close();
  }
}

/** One full scan of the order lines touching every column the marts aggregate most: the refresh's yardstick. */
export const fullScanSql = `select count(*), sum(amount), sum(qty), count(distinct hospital_code), min(order_date), max(order_date)
from stg_orders`;

export async function scanOrders(db: string): Promise<StepOutcome> {
  const warehouse = await openWarehouse(db, {readOnly: true});
  try {
    return await measure(async () => {
      const reader = await warehouse.conn.runAndReadAll(fullScanSql);
      const [count, amount] = reader.getRows()[0]!;
      return {rows: Number(count), detail: {amount: String(amount)}};
    });
  } finally {
    warehouse.close();
  }
}

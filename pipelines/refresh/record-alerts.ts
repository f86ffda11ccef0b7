import type {DuckDBConnection} from "@duckdb/node-api";
import {inTransaction} from "../warehouse/durable.js";

/** The columns an alert keeps in alert_history (the alerts mart's, without its status and week flag). */
export const alertHistoryColumns = [
  "alert_kind",
  "severity",
  "enterprise",
  "generic_name",
  "dosage_form",
  "spec",
  "pack",
  "product_code",
  "hospital_code",
  "hospital_name",
  "batch_id",
  "since",
  "figure",
  "detail",
  "rule",
  "action",
  "source"
] as const;

/**
 * Records the open alerts of this refresh under its as-of date (replacing a record of the same date), in one
 * transaction, so the next refresh of a later date can mark each alert new or continuing and list those resolved.
 */
export async function recordAlerts(conn: DuckDBConnection, asOf: string): Promise<void> {
  const columns = alertHistoryColumns.join(", ");
  await inTransaction(conn, async () => {
    await conn.run("delete from alert_history where as_of = $1::date", [asOf]);
    await conn.run(
      `insert into alert_history (as_of, ${columns}, recorded_at)
       select $1::date, ${columns}, current_timestamp from alerts where status <> 'resolved'`,
      [asOf]
    );
  });
}

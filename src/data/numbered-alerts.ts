// Shared by the 监测预警 loaders (not a loader itself): the alerts mart numbered in the page's order, so the page's
// list (monitoring.json) and the evidence it opens on demand (monitoring-evidence.json) agree on each alert's id.
// The order is total: the alert key (alerts.yml unique_key) closes it.
import type {ReadOnlyWarehouse} from "./warehouse.js";

export const severityOrder = "case severity when 'red' then 1 when 'yellow' then 2 else 3 end";

/** Creates temp table numbered_alerts: every alert with its hospital's district and alert_id (0, 1, …). */
export async function numberAlerts(warehouse: ReadOnlyWarehouse): Promise<void> {
  await warehouse.query(`
    create temp table numbered_alerts as
    select a.*, h.region, (row_number() over (
             order by ${severityOrder}, alert_kind, since desc, enterprise, generic_name, dosage_form, spec, pack,
                      product_code, hospital_code, batch_id, status) - 1)::integer as alert_id
    from alerts a left join stg_hospitals h using (hospital_code)`);
}

/** SQL joining alert_evidence `e` to numbered_alerts `a` on the alert key. */
export const evidenceJoin = ["alert_kind", "enterprise", "generic_name", "dosage_form", "spec", "pack", "product_code"]
  .concat(["hospital_code", "batch_id", "since"])
  .map((c) => `e.${c} is not distinct from a.${c}`)
  .join(" and ");

// 预警依据, fetched by the 监测预警 page only when an officer opens an alert: the rows behind each open alert
// (alert_evidence), at most evidenceCap an alert (the latest first) with the full count, keyed by the page's alert_id.
import {packRows} from "../components/packed.js";
import {martLabels} from "./labels.js";
import {evidenceJoin, numberAlerts} from "./numbered-alerts.js";
import {emitJson} from "./warehouse.js";

const evidenceColumns = [
  "evidence_date",
  "evidence_item",
  "hospital_name",
  "qty_min",
  "unit_price",
  "reference_price",
  "amount",
  "note"
] as const;

/** Rows shipped per alert; the page says when an alert has more (all stay in the alert_evidence mart). */
const evidenceCap = 200;

await emitJson(async (warehouse) => {
  await numberAlerts(warehouse);
  const evidence = await warehouse.query(`
    select a.alert_id, ${evidenceColumns.map((c) => `e.${c}`).join(", ")},
           count(*) over (partition by a.alert_id)::integer as evidence_count
    from alert_evidence e join numbered_alerts a on ${evidenceJoin}
    where a.status <> 'resolved'
    qualify row_number() over (partition by a.alert_id order by e.evidence_date desc, e.evidence_item) <= ${evidenceCap}
    order by a.alert_id, e.evidence_date desc, e.evidence_item`);
  return {evidence: packRows(evidence), evidenceCap, labels: martLabels("alert_evidence", evidenceColumns)};
});

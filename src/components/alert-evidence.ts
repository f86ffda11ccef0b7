// The rows behind one alert (alert_evidence) as the 监测预警 page shows them: the alert in one sentence, then its
// rows with CSV and Excel downloads named after it.
import {h} from "./dom.js";
import {formatDate, formatInteger, formatMoney, formatNumber, type Numeric} from "./format.js";
import {dataTable} from "./table.js";

export interface EvidenceAlert {
  alert_id: number;
  kind: string;
  subject: string;
  detail: string;
  rule: string;
  source: string;
}

export interface EvidenceRow {
  evidence_date: string | null;
  evidence_item: string;
  hospital_name: string | null;
  qty_min: Numeric;
  unit_price: Numeric;
  reference_price: Numeric;
  amount: Numeric;
  note: string | null;
  evidence_count: number;
}

export function alertEvidence(
  alert: EvidenceAlert,
  rows: readonly EvidenceRow[],
  labels: Record<keyof Omit<EvidenceRow, "evidence_count">, string>
): HTMLElement {
  const total = rows[0]?.evidence_count ?? 0;
  const note =
    total > rows.length
      ? `（共 ${formatInteger(total)} 行，显示最近 ${formatInteger(rows.length)} 行；全部见 alert_evidence 表）`
      : "";
  return h(
    "div",
    {"data-evidence": String(alert.alert_id)},
    h(
      "p",
      {class: "jc-lede"},
      `${alert.kind}：${alert.subject}。${alert.detail}。规则：${alert.rule}（${alert.source}）。`
    ),
    dataTable(rows, {
      id: "evidence",
      filename: `预警依据-${alert.kind}-${alert.subject}`.slice(0, 80),
      note,
      columns: [
        {key: "evidence_date", label: labels.evidence_date, format: formatDate},
        {key: "evidence_item", label: labels.evidence_item, wrap: 200},
        {key: "hospital_name", label: labels.hospital_name, wrap: 140},
        {key: "qty_min", label: labels.qty_min, format: (v) => formatNumber(v), align: "right"},
        {key: "unit_price", label: labels.unit_price, format: (v) => formatNumber(v, {digits: 4}), align: "right"},
        {
          key: "reference_price",
          label: labels.reference_price,
          format: (v) => formatNumber(v, {digits: 4}),
          align: "right"
        },
        {key: "amount", label: labels.amount, format: (v) => formatMoney(v), align: "right"},
        {key: "note", label: labels.note, wrap: 260}
      ]
    })
  );
}

// The surplus-retention statement of one hospital for one batch and period (结余留用结算单): every input and
// step of the computation as a numbered list of lines, then the amount owed, paid and the difference.
// Values come from retention_statement; formulas are those of docs/rules.md §8.
import * as Plot from "@observablehq/plot";
import {h} from "./dom.js";
import {formatDate, formatMoney, formatNumber, formatPercent, missing, type Numeric} from "./format.js";
import {labelMargin, percentAxis} from "./axes.js";

export interface StatementRow {
  batch_id: string;
  batch_name: string | null;
  year_index: number | null;
  period: string | null;
  period_start: string | null;
  period_end: string | null;
  varieties: number;
  agreed_qty: number | null;
  pre_vbp_price: number | null;
  mi_pay_ratio: number | null;
  insured_share: number | null;
  purchased_qty: number | null;
  purchased_amount: number | null;
  budget: number | null;
  spend_factor: number | null;
  spend: number | null;
  balance: number | null;
  is_completed: boolean | null;
  assessment_score: number | null;
  grade: string | null;
  rate: number | null;
  retained: number | null;
  payout_period: string | null;
  paid_amount: number | null;
  paid_date: string | null;
  difference: number | null;
  is_period_complete: boolean | null;
  status: string;
}

/** Statement amounts: yuan to the fen, whatever their size. */
export const yuan = (value: Numeric) => formatMoney(value, {unit: "元"});
const qty = (value: Numeric) => formatNumber(value, {digits: Number(value) % 1 ? 2 : 0});

/** CSS class of a reconciliation status: matched green, underpaid / not paid red, the rest amber. */
export function statusClass(status: string): string {
  if (status === "matched") return "jc-status-ok";
  if (status === "underpaid" || status === "not_paid") return "jc-status-bad";
  return "jc-status-warn";
}

function line(field: string, label: string, value: string, formula = "") {
  return h(
    "tr",
    {"data-field": field},
    h("th", {scope: "row"}, label),
    h("td", {class: "jc-num"}, value),
    h("td", {class: "jc-formula"}, formula)
  );
}

/** One batch × period of a statement. `statusLabels` maps status codes to Chinese (一致, 少付 …). */
export function statementSection(
  s: StatementRow,
  {statusLabels, requireCompletion}: {statusLabels: Record<string, string>; requireCompletion: boolean}
) {
  const title = `${s.batch_name ?? s.batch_id} · ${s.period ?? missing}`;
  const dates = s.period_start
    ? `结算期 ${formatDate(s.period_start)} 至 ${formatDate(s.period_end)}`
    : "没有对应的计算结果（只有返还记录）";
  const computed = s.year_index !== null;
  const rows = computed
    ? [
        line("agreed_qty", "① 约定采购量 Q_a", qty(s.agreed_qty), `${s.varieties} 个品种合计，最小单位`),
        line(
          "pre_vbp_price",
          "② 集采前价格",
          `${formatNumber(s.pre_vbp_price, {digits: 6})} 元`,
          "按约定量加权，元/最小单位"
        ),
        line("mi_pay_ratio", "③ 医保实际支付比例 r", formatNumber(s.mi_pay_ratio, {digits: 4}), ""),
        line("insured_share", "④ 参保患者使用比例 s", formatNumber(s.insured_share, {digits: 4}), "政策参数"),
        line("budget", "⑤ 医保基金预算", yuan(s.budget), "Σ 品种 Q_a × 集采前价格 × r × s"),
        line("purchased_qty", "⑥ 实际采购量 Q_p", qty(s.purchased_qty), "同品种中选与非中选产品"),
        line("purchased_amount", "⑦ 实际采购金额 A_p", yuan(s.purchased_amount), ""),
        line(
          "spend_factor",
          "⑧ 约定量内支出系数",
          formatNumber(s.spend_factor, {digits: 6}),
          "各品种 min(1, Q_a ÷ Q_p)，按金额加权"
        ),
        line("spend", "⑨ 约定量内医保支出", yuan(s.spend), "Σ 品种 A_p × min(1, Q_a ÷ Q_p) × r × s"),
        line("balance", "⑩ 结余", yuan(s.balance), "max(0, ⑤ − ⑨)"),
        line(
          "assessment_score",
          "⑪ 考核得分 / 等级",
          `${s.assessment_score === null ? missing : formatNumber(s.assessment_score, {digits: 1})}${s.grade ? ` / ${s.grade}` : ""}`,
          "来自返还记录"
        ),
        line(
          "rate",
          "⑫ 留用比例",
          s.rate === null ? missing : formatPercent(s.rate, {digits: 0}),
          requireCompletion ? `须完成约定量（${s.is_completed ? "已完成" : "未完成"}）` : ""
        )
      ]
    : [];
  const result = [
    line("retained", "应留用金额", yuan(s.retained), computed ? "round(⑩ × ⑫, 2)" : ""),
    line(
      "paid_amount",
      "已返还金额",
      yuan(s.paid_amount),
      s.paid_date ? `${formatDate(s.paid_date)} 返还（${s.payout_period ?? ""}）` : "没有返还记录"
    ),
    line("difference", "差额", s.difference === null ? missing : yuan(s.difference), "已返还 − 应留用"),
    h(
      "tr",
      {"data-field": "status"},
      h("th", {scope: "row"}, "核对结果"),
      h("td", {class: `jc-num ${statusClass(s.status)}`}, statusLabels[s.status] ?? s.status),
      h("td", {class: "jc-formula"}, s.status === "matched" ? "相差不超过 0.01 元" : "")
    )
  ];
  return h(
    "section",
    {class: "jc-statement", "data-statement": `${s.batch_id}/${s.year_index ?? s.period}`},
    h("h3", {id: `statement-${s.batch_id}-${s.year_index ?? "x"}`.toLowerCase().replace(/[^a-z0-9-]/g, "-")}, title),
    h("p", {class: "jc-lede"}, dates),
    h("table", {class: "jc-steps"}, h("tbody", {}, ...rows), h("tbody", {class: "jc-steps-result"}, ...result))
  );
}

export interface ProgressRow {
  batch_name: string;
  year_index: number;
  completion: number | null;
  elapsed: number | null;
  pace_threshold: number | null;
  is_started: boolean;
}

/** Completion of each batch and cycle year as a bar, with the elapsed time (tick) and the behind-pace threshold. */
export function progressChart(data: readonly ProgressRow[], {width}: {width: number}) {
  const rows = data.filter((d) => d.is_started).map((d) => ({...d, key: `${d.batch_name} · 第${d.year_index}年`}));
  const behind = (d: ProgressRow) =>
    d.completion !== null && d.pace_threshold !== null && d.completion < d.pace_threshold;
  return Plot.plot({
    width,
    height: 50 + rows.length * 28,
    marginLeft: labelMargin(rows.map((d) => d.key)),
    marginRight: 60,
    ariaLabel: "约定量完成进度",
    x: percentAxis("完成率（竖线：序时进度；虚线：滞后阈值）", Math.max(1, ...rows.map((d) => d.completion ?? 0))),
    y: {label: null, domain: rows.map((d) => d.key)},
    marks: [
      Plot.barX(rows, {
        y: "key",
        x: "completion",
        fill: (d: ProgressRow) => (behind(d) ? "#e04a3f" : "#4269d0"),
        insetTop: 4,
        insetBottom: 4
      }),
      Plot.tickX(rows, {y: "key", x: "elapsed", stroke: "currentColor", strokeWidth: 2}),
      Plot.tickX(rows, {y: "key", x: "pace_threshold", stroke: "currentColor", strokeDasharray: "2,2"}),
      Plot.text(rows, {
        y: "key",
        x: "completion",
        text: (d: ProgressRow) => formatPercent(d.completion),
        dx: 4,
        textAnchor: "start",
        fontSize: 11
      }),
      Plot.ruleX([0])
    ]
  });
}

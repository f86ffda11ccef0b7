// The surplus-retention statement of one hospital for one batch and period (结余留用结算单): every input and
// step of the computation as a numbered list of lines, then the amount owed, paid and the difference; and the
// hospital's agreed-volume progress. Values come from retention_statement and hospital_progress; formulas are
// those of docs/rules.md §6 and §8, written in Chinese with the line numbers (①…⑫) as their terms.
import * as Plot from "@observablehq/plot";
import {h} from "./dom.js";
import {formatDate, formatMoney, formatNumber, formatPercent, missing, type Numeric} from "./format.js";
import {labelMargin, percentAxis} from "./axes.js";

export interface StatementRow {
  hospital_code: string;
  batch_id: string;
  batch_name: string | null;
  year_index: number | null;
  period: string | null;
  period_start: string | null;
  period_end: string | null;
  varieties: number;
  agreed_qty: Numeric;
  pre_vbp_price: Numeric;
  mi_pay_ratio: Numeric;
  insured_share: Numeric;
  purchased_qty: Numeric;
  purchased_amount: Numeric;
  budget: Numeric;
  spend_factor: Numeric;
  spend: Numeric;
  balance: Numeric;
  is_completed: boolean | null;
  assessment_score: Numeric;
  grade: string | null;
  rate: Numeric;
  retained: Numeric;
  payout_period: string | null;
  paid_amount: Numeric;
  paid_date: string | null;
  difference: Numeric;
  is_period_complete: boolean | null;
  status: string;
}

/** Statement amounts: yuan to the fen, whatever their size. */
export const yuan = (value: Numeric) => formatMoney(value, {unit: "元"});
const qty = (value: Numeric) => formatNumber(value, {digits: Number(value) % 1 ? 2 : 0});

/** A period whose settlement has not ended: its amounts are estimates as of the statistics date. */
export const isEstimate = (s: Pick<StatementRow, "is_period_complete">) => s.is_period_complete === false;

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

/** Title of a statement section: batch · period. */
export const statementTitle = (s: StatementRow) => `${s.batch_name ?? s.batch_id} · ${s.period ?? missing}`;

/**
 * One batch × period of a statement, under a title the caller gives (statementTitle). `statusLabels` maps
 * status codes to Chinese (一致, 少付 …).
 */
export function statementSection(
  s: StatementRow,
  {statusLabels, requireCompletion}: {statusLabels: Record<string, string>; requireCompletion: boolean}
) {
  const estimate = isEstimate(s);
  const dates = s.period_start
    ? `结算期 ${formatDate(s.period_start)} 至 ${formatDate(s.period_end)}`
    : "没有对应的计算结果（只有返还记录）";
  const computed = s.year_index !== null;
  const rows = computed
    ? [
        line("agreed_qty", "① 约定采购量", qty(s.agreed_qty), `${s.varieties} 个品种合计，最小单位`),
        line(
          "pre_vbp_price",
          "② 集采前价格",
          `${formatNumber(s.pre_vbp_price, {digits: 6})} 元`,
          "按约定量加权，元/最小单位"
        ),
        line("mi_pay_ratio", "③ 医保实际支付比例", formatNumber(s.mi_pay_ratio, {digits: 4}), ""),
        line("insured_share", "④ 参保患者使用比例", formatNumber(s.insured_share, {digits: 4}), "政策参数"),
        line("budget", "⑤ 医保基金预算", yuan(s.budget), "各品种 ① × ② × ③ × ④ 之和"),
        line("purchased_qty", "⑥ 实际采购量", qty(s.purchased_qty), "同品种中选与非中选产品"),
        line("purchased_amount", "⑦ 实际采购金额", yuan(s.purchased_amount), ""),
        line(
          "spend_factor",
          "⑧ 约定量内支出系数",
          formatNumber(s.spend_factor, {digits: 6}),
          "各品种 约定量 ÷ 采购量（不超过 1），按金额加权"
        ),
        line("spend", "⑨ 约定量内医保支出", yuan(s.spend), "各品种 ⑦ × ⑧ × ③ × ④ 之和"),
        line("balance", "⑩ 结余", yuan(s.balance), "⑤ − ⑨，不小于 0"),
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
    line(
      "retained",
      estimate ? "预计应留用金额" : "应留用金额",
      yuan(s.retained),
      computed ? `⑩ × ⑫，四舍五入到分${estimate ? "；结算期未结束，为预计数" : ""}` : ""
    ),
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
    h("p", {class: "jc-lede"}, dates),
    estimate
      ? h(
          "p",
          {class: "jc-estimate-note", "data-estimate": ""},
          "结算期未结束：以下金额按截至统计日的采购计算，为预计数，结算期结束后重新核算，不作为应付依据。"
        )
      : null,
    h("table", {class: "jc-steps"}, h("tbody", {}, ...rows), h("tbody", {class: "jc-steps-result"}, ...result))
  );
}

export interface ProgressRow {
  batch_id: string;
  batch_name: string | null;
  year_index: number;
  year_start: string;
  year_end: string;
  is_current_year: boolean;
  varieties: number;
  varieties_off_pace: number;
  completion: number | null;
  elapsed: number | null;
  pace_threshold: number | null;
  pace_status: string;
}

/** Bar colours by pace status: behind and not met red, no agreed volume grey, the rest blue. */
export function paceColor(status: string): string {
  return status === "behind" || status === "not_met" ? "#c9352b" : status === "no_agreed_volume" ? "#888" : "#3b5fc0";
}

/**
 * Completion of each batch in its current cycle year as a bar, with the elapsed time (solid tick) and the
 * behind-pace threshold (dashed); a year without an agreed volume is named, never drawn as a bar. Text is
 * 12 px (9 pt when printed at the chart's own width).
 */
export function progressChart(data: readonly ProgressRow[], {width}: {width: number}) {
  const rows = data.map((d) => ({...d, key: `${d.batch_name ?? d.batch_id} · 第${d.year_index}年`}));
  const measured = rows.filter((d) => d.completion !== null);
  const fontSize = 12;
  return Plot.plot({
    document,
    width,
    height: 70 + rows.length * 28,
    style: {fontSize: `${fontSize}px`},
    marginLeft: labelMargin(
      rows.map((d) => d.key),
      {max: 320, fontSize}
    ),
    marginRight: 64,
    marginBottom: 44,
    ariaLabel: "约定量完成进度",
    x: {
      ...percentAxis(
        "完成率（实线：序时进度；虚线：滞后阈值）",
        Math.max(1, ...measured.map((d) => d.completion ?? 0))
      ),
      labelOffset: 38,
      labelAnchor: "center"
    },
    y: {label: null, domain: rows.map((d) => d.key)},
    marks: [
      Plot.barX(measured, {
        y: "key",
        x: "completion",
        fill: (d: ProgressRow) => paceColor(d.pace_status),
        insetTop: 5,
        insetBottom: 5
      }),
      Plot.tickX(measured, {y: "key", x: "elapsed", stroke: "currentColor", strokeWidth: 2}),
      Plot.tickX(measured, {y: "key", x: "pace_threshold", stroke: "currentColor", strokeDasharray: "3,2"}),
      // the figure in the right margin, clear of the ticks
      Plot.text(rows, {
        y: "key",
        text: (d: ProgressRow) => (d.completion === null ? "无约定量" : formatPercent(d.completion)),
        frameAnchor: "right",
        dx: 60,
        textAnchor: "end",
        fill: (d: ProgressRow) => paceColor(d.pace_status),
        fontSize
      }),
      Plot.ruleX([0])
    ]
  });
}

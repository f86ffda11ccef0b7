// The statement a hospital receives, as A4 sheets: a summary sheet (issuing body, hospital, period, totals, one
// line per batch and period, signature and seal lines), one appendix sheet per batch and period with every step
// (statement.ts), and the agreed-volume progress. Each sheet is one printed page with its own footer and page
// number ("第 2 页，共 9 页"), counted here rather than by the browser: not every browser a clerk may use prints
// page counters in the page margins (CSS @page margin boxes), and a sheet per page prints the same everywhere.
// The same DOM is the bureau's page (in the browser) and the file `jicai hospital-pack` writes (over jsdom).
import {h} from "./dom.js";
import {formatDate, formatInteger, formatMoney, formatPercent, missing, type Numeric} from "./format.js";
import {
  isEstimate,
  paceColor,
  progressChart,
  statementSection,
  statementTitle,
  statusClass,
  yuan,
  type ProgressRow,
  type StatementRow
} from "./statement.js";

export interface StatementHospital {
  hospital_code: string;
  hospital_name: string | null;
  hospital_level: string | null;
  region: string | null;
}

export interface StatementTotals {
  owed: Numeric;
  estimated: Numeric;
  paid: Numeric;
  difference: Numeric;
  periods_ended: number;
  periods_in_progress: number;
  payouts: number;
  underpaid: number;
  overpaid: number;
  not_paid: number;
}

export interface StatementParams {
  as_of: string;
  retention_mode: string;
  flat_rate: Numeric;
  require_completion: boolean;
  behind_pace_factor: Numeric;
}

export interface StatementDocumentInput {
  issuer: string;
  hospital: StatementHospital;
  params: StatementParams;
  statements: readonly StatementRow[];
  totals: StatementTotals | null;
  progress: readonly ProgressRow[];
  statusLabels: Record<string, string>;
  paceLabels: Record<string, string>;
  printedOn: Date | string;
}

/** Width of a sheet's content in CSS pixels (210 mm − 2 × 15 mm at 96 dpi): charts are drawn at it, unscaled. */
export const sheetContentWidth = 680;

/**
 * Vertical space of a sheet's content and what each part takes, in millimetres, as statement-document.css lays
 * them out; sheets are filled by these estimates, and the browser tests check that no sheet runs over.
 */
const layoutMm = {
  sheet: 262, // 297 − 14 top − 21 for the footer
  row: 6.3, // a table row of one line (9 pt)
  wrappedLine: 4.3, // each further line of a long batch name
  summaryHead: 90, // issuer, title, hospital and period, totals, table header
  summaryTail: 50, // notes, signature and seal lines
  continuedHead: 17, // "（续）" title and table header
  progressHead: 34 // title, definitions, table header
};
const batchNameCharacters = 20; // characters of a batch name on one line of either table
/** Height of the progress chart of `bars` bars (progressChart: 70 px of axes, 28 px a bar; 3.78 px a millimetre). */
const chartMm = (bars: number) => (70 + 28 * bars) / 3.78 + 5;

export const documentTitle = "集中带量采购医保资金结余留用结算单";

function sheetTitle(id: string, text: string, continued = false) {
  return h("h3", {class: "jc-sheet-title", id}, continued ? `${text}（续）` : text);
}

function metaTable(input: StatementDocumentInput) {
  const {hospital, params, statements} = input;
  const starts = statements.map((s) => s.period_start).filter((d): d is string => d !== null);
  const ends = statements.map((s) => s.period_end).filter((d): d is string => d !== null);
  const span = starts.length ? `${formatDate(starts.sort()[0])} 至 ${formatDate(ends.sort().at(-1))}` : missing;
  const policy =
    params.retention_mode === "flat" ? `统一比例 ${formatPercent(params.flat_rate, {digits: 0})}` : "按考核等级";
  const cell = (label: string, value: string, field?: string) => [
    h("th", {scope: "row"}, label),
    h("td", field ? {"data-meta": field} : {}, value)
  ];
  const levelRegion = [hospital.hospital_level, hospital.region].filter(Boolean).join("，") || missing;
  return h(
    "table",
    {class: "jc-doc-meta"},
    h(
      "tbody",
      {},
      h(
        "tr",
        {},
        ...cell(
          "医疗机构",
          `${hospital.hospital_name ?? hospital.hospital_code}（${hospital.hospital_code}）`,
          "hospital"
        ),
        ...cell("等级、区县", levelRegion)
      ),
      h("tr", {}, ...cell("结算期间", span, "period"), ...cell("统计截至", formatDate(params.as_of), "as-of")),
      h("tr", {}, ...cell("留用政策", policy), ...cell("打印日期", formatDate(input.printedOn)))
    )
  );
}

function totalsBlock(totals: StatementTotals | null) {
  const t = totals ?? {
    owed: 0,
    estimated: 0,
    paid: 0,
    difference: 0,
    periods_ended: 0,
    periods_in_progress: 0,
    payouts: 0,
    underpaid: 0,
    overpaid: 0,
    not_paid: 0
  };
  const item = (id: string, title: string, value: string, note: string) =>
    h(
      "div",
      {class: "jc-doc-total", "data-total": id},
      h("div", {class: "jc-doc-total-title"}, title),
      h("div", {class: "jc-doc-total-value"}, value),
      h("div", {class: "jc-doc-total-note"}, note)
    );
  return h(
    "div",
    {class: "jc-doc-totals"},
    item("owed", "应留用合计", yuan(t.owed), `已结束的 ${formatInteger(t.periods_ended)} 个结算期`),
    item("paid", "已返还合计", yuan(t.paid), `${formatInteger(t.payouts)} 笔返还记录`),
    item(
      "difference",
      "差额（已返还 − 应留用）",
      yuan(t.difference),
      `少付 ${t.underpaid} 笔，未返还 ${t.not_paid} 笔，多付 ${t.overpaid} 笔`
    ),
    item(
      "estimated",
      "预计留用（结算期未结束）",
      yuan(t.estimated),
      `${formatInteger(t.periods_in_progress)} 个结算期，仅供参考，不计入应留用`
    )
  );
}

function summaryTable(
  rows: readonly StatementRow[],
  pageOf: (s: StatementRow) => number,
  labels: Record<string, string>
) {
  const plain = (value: Numeric) => (value === null ? missing : formatMoney(value, {unit: "元", withUnit: false}));
  return h(
    "table",
    {class: "jc-doc-table jc-doc-summary", "data-summary": ""},
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ...["批次", "结算期", "应留用（元）", "已返还（元）", "差额（元）", "核对结果", "附页"].map((t, i) =>
          h("th", {class: i >= 2 && i <= 4 ? "jc-num" : ""}, t)
        )
      )
    ),
    h(
      "tbody",
      {},
      ...rows.map((s) =>
        h(
          "tr",
          {
            "data-summary-row": `${s.batch_id}/${s.year_index ?? s.period}`,
            ...(isEstimate(s) ? {"data-estimate": ""} : {})
          },
          h("td", {}, s.batch_name ?? s.batch_id),
          h("td", {class: "jc-nowrap"}, s.period ?? missing),
          h(
            "td",
            {class: "jc-num", "data-field": "retained"},
            isEstimate(s) && s.retained !== null ? h("span", {class: "jc-estimate-tag"}, "预计") : null,
            isEstimate(s) && s.retained !== null ? " " : null,
            plain(s.retained)
          ),
          h("td", {class: "jc-num", "data-field": "paid_amount"}, plain(s.paid_amount)),
          h("td", {class: "jc-num", "data-field": "difference"}, plain(s.difference)),
          h(
            "td",
            {class: `jc-nowrap ${statusClass(s.status)}`},
            s.status === "in_progress" ? "未结束" : (labels[s.status] ?? s.status)
          ),
          h("td", {class: "jc-nowrap"}, `第${pageOf(s)}页`)
        )
      )
    )
  );
}

function notes() {
  return h(
    "div",
    {class: "jc-doc-notes"},
    h("b", {}, "说明："),
    h(
      "ol",
      {},
      h(
        "li",
        {},
        "应留用 = 结余 × 留用比例；结余 = 医保基金预算 − 约定量内医保支出，不小于 0。每个批次、每个结算期的计算过程见附页，金额四舍五入到分。"
      ),
      h(
        "li",
        {},
        "标“预计”的结算期尚未结束，金额按截至统计日的采购计算，结算期结束后重新核算，不计入应留用合计，不作为应付依据。"
      ),
      h("li", {}, "差额 = 已返还 − 应留用，负数为少付；核对结果相差不超过 0.01 元即为一致。")
    )
  );
}

function signatures(issuer: string, hospital: StatementHospital) {
  const blank = (label: string) =>
    h("span", {class: "jc-sign-field"}, `${label}：`, h("span", {class: "jc-sign-blank"}));
  const party = (title: string) =>
    h(
      "div",
      {class: "jc-sign-party"},
      h("div", {class: "jc-sign-title"}, title, h("span", {class: "jc-sign-seal"}, "（盖章）")),
      h(
        "div",
        {class: "jc-sign-fields"},
        blank("经办人"),
        blank("复核人"),
        blank("负责人"),
        h("span", {class: "jc-sign-field"}, "日期：　　　年　　月　　日")
      )
    );
  return h(
    "div",
    {class: "jc-doc-signatures", "data-signatures": ""},
    party(`出具单位：${issuer}`),
    party(`医疗机构：${hospital.hospital_name ?? hospital.hospital_code}`)
  );
}

function progressTable(rows: readonly ProgressRow[], paceLabels: Record<string, string>) {
  const heads = ["批次", "协议年度", "起止日期", "完成率", "序时进度", "状态", "未达标品种"];
  return h(
    "table",
    {class: "jc-doc-table jc-doc-progress", "data-progress": ""},
    h("thead", {}, h("tr", {}, ...heads.map((t, i) => h("th", {class: i === 3 || i === 4 ? "jc-num" : ""}, t)))),
    h(
      "tbody",
      {},
      ...rows.map((d) =>
        h(
          "tr",
          {
            "data-progress-row": `${d.batch_id}/${d.year_index}`,
            "data-pace": d.pace_status,
            class: d.is_current_year ? "jc-current-year" : ""
          },
          h("td", {}, d.batch_name ?? d.batch_id),
          h("td", {class: "jc-nowrap"}, `第${d.year_index}年`),
          h("td", {class: "jc-nowrap"}, `${formatDate(d.year_start)}～${formatDate(d.year_end)}`),
          h("td", {class: "jc-num"}, d.completion === null ? missing : formatPercent(d.completion)),
          h("td", {class: "jc-num"}, formatPercent(d.elapsed)),
          h(
            "td",
            {class: "jc-nowrap", style: `color: ${paceColor(d.pace_status)}`},
            paceLabels[d.pace_status] ?? d.pace_status
          ),
          h(
            "td",
            {class: "jc-num"},
            d.pace_status === "no_agreed_volume" ? missing : `${d.varieties_off_pace}/${d.varieties}`
          )
        )
      )
    )
  );
}

/** Height of each row: long batch names wrap in the name column. */
function rowHeights<T>(rows: readonly T[], name: (row: T) => string | null): number[] {
  return rows.map(
    (row) =>
      layoutMm.row + (Math.max(1, Math.ceil((name(row)?.length ?? 0) / batchNameCharacters)) - 1) * layoutMm.wrappedLine
  );
}

/** Splits rows into pages by their heights: `first` mm of room on the first page, `next` on each later one. */
function paginate<T>(rows: readonly T[], heights: readonly number[], first: number, next: number): T[][] {
  const pages: T[][] = [[]];
  let room = first;
  rows.forEach((row, i) => {
    if (heights[i]! > room && pages.at(-1)!.length > 0) {
      pages.push([]);
      room = next;
    }
    pages.at(-1)!.push(row);
    room -= heights[i]!;
  });
  return pages;
}

/** The statement of one hospital as a column of A4 sheets. */
export function statementDocument(input: StatementDocumentInput): HTMLElement {
  const {issuer, hospital, statements, progress, statusLabels, paceLabels, params} = input;
  const sheets: {body: Node[]; kind: string}[] = [];

  // Summary: rows on the first sheet after the heading, the notes and signatures after the last row (on a
  // sheet of their own when the last rows leave no room).
  const summaryHeights = rowHeights(statements, (s) => s.batch_name);
  const firstRoom = layoutMm.sheet - layoutMm.summaryHead;
  const nextRoom = layoutMm.sheet - layoutMm.continuedHead;
  const summaryPages = paginate(statements, summaryHeights, firstRoom, nextRoom);
  const lastUsed = summaryPages.at(-1)!.reduce((mm, s) => mm + summaryHeights[statements.indexOf(s)]!, 0);
  if ((summaryPages.length === 1 ? firstRoom : nextRoom) - lastUsed < layoutMm.summaryTail) summaryPages.push([]);
  const appendixStart = summaryPages.length + 1;
  const pageOf = (s: StatementRow) => appendixStart + statements.indexOf(s);
  summaryPages.forEach((rows, i) => {
    const last = i === summaryPages.length - 1;
    sheets.push({
      kind: "summary",
      body: [
        ...(i === 0
          ? [
              h(
                "header",
                {class: "jc-doc-head"},
                h("div", {class: "jc-doc-issuer", "data-issuer": ""}, issuer),
                h("h2", {class: "jc-doc-title", id: "statement-title"}, documentTitle),
                h(
                  "div",
                  {class: "jc-doc-number"},
                  `编号：${hospital.hospital_code}-${params.as_of.replaceAll("-", "")}`
                )
              ),
              metaTable(input),
              totalsBlock(input.totals)
            ]
          : [sheetTitle(`summary-${i + 1}`, "结算汇总", true)]),
        ...(rows.length ? [summaryTable(rows, pageOf, statusLabels)] : []),
        ...(statements.length === 0 ? [h("p", {class: "jc-doc-empty"}, "这家机构没有结余留用结算。")] : []),
        ...(last ? [notes(), signatures(issuer, hospital)] : [])
      ]
    });
  });

  statements.forEach((s, i) =>
    sheets.push({
      kind: "appendix",
      body: [
        sheetTitle(`appendix-${i + 1}`, `附页 ${i + 1}　${statementTitle(s)}`),
        statementSection(s, {statusLabels, requireCompletion: params.require_completion})
      ]
    })
  );

  // Progress: the current year of each batch as a chart, then every year started as a table.
  const current = progress.filter((d) => d.is_current_year);
  const progressPages = paginate(
    progress,
    rowHeights(progress, (d) => d.batch_name),
    layoutMm.sheet - layoutMm.progressHead - (current.length ? chartMm(current.length) : layoutMm.row),
    layoutMm.sheet - layoutMm.continuedHead
  );
  progressPages.forEach((rows, i) =>
    sheets.push({
      kind: "progress",
      body:
        i === 0
          ? [
              sheetTitle("progress", "约定量完成进度"),
              h(
                "p",
                {class: "jc-doc-lede"},
                `完成率 = 已采购中选产品数量 ÷ 约定采购量（各品种按约定金额加权）；序时进度 = 协议年度已过天数 ÷ 全年天数。进行中的年度完成率低于序时进度 × ${params.behind_pace_factor} 为滞后；已结束的年度完成率不足 100% 为未完成约定量；没有约定量的年度为无约定量。图为各批次当前协议年度，表中加粗的行是当前协议年度。`
              ),
              ...(current.length
                ? [h("div", {class: "jc-doc-chart"}, progressChart(current, {width: sheetContentWidth}))]
                : [h("p", {class: "jc-doc-empty"}, "这家机构没有已开始的协议年度。")]),
              ...(rows.length ? [progressTable(rows, paceLabels)] : [])
            ]
          : [sheetTitle(`progress-${i + 1}`, "约定量完成进度", true), progressTable(rows, paceLabels)]
    })
  );

  const footerText = `${issuer} · 结余留用结算单 · ${hospital.hospital_name ?? hospital.hospital_code}（${hospital.hospital_code}）`;
  return h(
    "div",
    {class: "jc-document", "data-document": hospital.hospital_code},
    ...sheets.map((sheet, i) =>
      h(
        "section",
        {class: `jc-sheet jc-sheet-${sheet.kind}`, "data-sheet": String(i + 1)},
        h("div", {class: "jc-sheet-body"}, ...sheet.body),
        h(
          "footer",
          {class: "jc-sheet-footer"},
          h("span", {}, footerText),
          h("span", {"data-page": ""}, `第 ${i + 1} 页，共 ${sheets.length} 页`)
        )
      )
    )
  );
}

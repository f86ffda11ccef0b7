// What `jicai hospital-pack` writes for one hospital: index.html, the statement as A4 sheets with the data,
// styles and charts (SVG) inside and no script, so it opens by double-click (file://) in any browser and
// prints; and the statement lines and the progress as CSV files beside it. The sheets are the bureau page's
// own DOM (src/components/statement-document.ts), built here over jsdom: one layout, two places.
import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {JSDOM} from "jsdom";
import {toCsv} from "../../src/components/csv.js";
import {h} from "../../src/components/dom.js";
import type {StatementRow, ProgressRow} from "../../src/components/statement.js";
import {
  documentTitle,
  statementDocument,
  type StatementHospital,
  type StatementParams,
  type StatementTotals
} from "../../src/components/statement-document.js";
import type {StatementData} from "../../src/data/statement-data.js";

const documentCss = readFileSync(fileURLToPath(new URL("../../src/statement-document.css", import.meta.url)), "utf8");

/** Page styles around the sheets: the fonts a bureau's or hospital's PC has, and the on-screen guide. */
const pageCss = `
body { margin: 0; background: #e9ebee; }
.jc-pack-guide { font: 14px/1.6 "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; color: #333;
  max-width: 210mm; margin: 0 auto; padding: 4mm 0 0; }
.jc-pack-guide a { color: #3b5fc0; }
@media print { .jc-pack-guide { display: none; } body { background: none; } }
`;

export interface StatementFiles {
  html: string;
  csv: string[];
}

/** Builds the document in a jsdom window: the components create elements through the global `document`. */
function withDocument<T>(build: (document: Document) => T): T {
  const {window} = new JSDOM('<!doctype html><html lang="zh-CN"><head></head><body></body></html>');
  const scope = globalThis as {document?: Document};
  const previous = scope.document;
  scope.document = window.document;
  try {
    return build(window.document);
  } finally {
    if (previous === undefined) delete scope.document;
    else scope.document = previous;
  }
}

const csvNames = (code: string) => ({summary: `结余留用结算汇总-${code}.csv`, progress: `约定量完成进度-${code}.csv`});

/** The statement of `hospitalCode` as a self-contained HTML document. */
export function statementHtml(data: StatementData, hospitalCode: string, printedOn: Date): string {
  const hospital = data.hospitals.find((d) => d.hospital_code === hospitalCode) as StatementHospital | undefined;
  if (!hospital) throw new Error(`数据仓库中没有医疗机构 ${hospitalCode} 的结算或约定量`);
  const statements = data.statements.filter((d) => d.hospital_code === hospitalCode) as unknown as StatementRow[];
  const totals = (data.totals.find((d) => d.hospital_code === hospitalCode) ?? null) as StatementTotals | null;
  const progress = data.progress.filter((d) => d.hospital_code === hospitalCode) as unknown as ProgressRow[];
  const names = csvNames(hospitalCode);
  return withDocument((document) => {
    document.title = `${documentTitle}-${hospital.hospital_name ?? hospitalCode}`;
    const meta = document.createElement("meta");
    meta.setAttribute("charset", "utf-8");
    const style = document.createElement("style");
    style.textContent = `${pageCss}\n${documentCss}`;
    document.head.prepend(meta);
    document.head.append(style);
    const sheets = statementDocument({
      issuer: data.issuer,
      hospital,
      params: data.params as unknown as StatementParams,
      statements,
      totals,
      progress,
      statusLabels: data.values.status ?? {},
      paceLabels: data.values.pace_status ?? {},
      printedOn
    });
    const pages = sheets.querySelectorAll(".jc-sheet").length;
    document.body.append(
      h(
        "div",
        {class: "jc-pack-guide"},
        h("p", {}, `打印：按 Ctrl+P，纸张选 A4，边距选“默认”，共 ${pages} 页，页码在每页底部。`),
        h(
          "p",
          {},
          "明细表格（可用 Excel 打开）：",
          h("a", {href: names.summary}, names.summary),
          "、",
          h("a", {href: names.progress}, names.progress)
        )
      ),
      sheets
    );
    return `<!doctype html>\n${document.documentElement.outerHTML}\n`;
  });
}

/** Writes index.html and the two CSV files into `dir` (which exists and is empty). */
export function writeStatementFiles(
  dir: string,
  data: StatementData,
  hospitalCode: string,
  printedOn: Date
): StatementFiles {
  writeFileSync(join(dir, "index.html"), statementHtml(data, hospitalCode, printedOn));
  const names = csvNames(hospitalCode);
  const status = data.values.status ?? {};
  const pace = data.values.pace_status ?? {};
  const statements = data.statements.filter((d) => d.hospital_code === hospitalCode);
  const labels = data.labels;
  writeFileSync(
    join(dir, names.summary),
    toCsv(statements, [
      ...(
        ["batch_name", "period", "period_start", "period_end", "budget", "spend", "balance", "retained"] as const
      ).map((key) => ({key, label: labels[key] ?? key})),
      {
        key: "is_period_complete",
        label: "结算期已结束",
        value: (d) => (d.is_period_complete === false ? "否（金额为预计）" : "是")
      },
      ...(["paid_amount", "paid_date", "difference"] as const).map((key) => ({key, label: labels[key] ?? key})),
      {key: "status", label: labels.status ?? "核对结果", value: (d) => status[String(d.status)] ?? d.status}
    ])
  );
  writeFileSync(
    join(dir, names.progress),
    toCsv(
      data.progress.filter((d) => d.hospital_code === hospitalCode),
      [
        {key: "batch_name", label: "批次名称"},
        {key: "year_index", label: "协议年度", value: (d) => `第${d.year_index}年`},
        {key: "year_start", label: "开始"},
        {key: "year_end", label: "结束"},
        {key: "varieties", label: "有约定量的品种数"},
        {key: "completion", label: "完成率（加权）"},
        {key: "elapsed", label: "序时进度"},
        {key: "pace_status", label: "进度状态", value: (d) => pace[String(d.pace_status)] ?? d.pace_status},
        {key: "varieties_off_pace", label: "滞后或未完成的品种数"}
      ]
    )
  );
  return {html: "index.html", csv: [names.summary, names.progress]};
}

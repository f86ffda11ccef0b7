import type {PageData} from "./page-data.js";
import type {Ratio, Summary} from "./results.js";

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  duckdb: string;
  /** Commit measured (see codeVersion in main.ts). */
  code: string;
  /** 1-, 5- and 15-minute load averages at the start and at the end of the run. */
  loadavgStart: number[];
  loadavgEnd: number[];
  /** Whether the machine was quiet through the run (quiet.ts), with the figures it rests on. */
  quiet?: {quiet: boolean; reason: string};
}

/** 10 000 000 → 10M, 200 000 → 200k, 1 234 567 → 1,234,567. */
export function formatCount(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return n.toLocaleString("en-US");
}

const seconds = (ms: number) => (ms >= 100_000 ? (ms / 1000).toFixed(0) : (ms / 1000).toFixed(ms >= 10_000 ? 1 : 2));
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(bytes >= 10_000_000 ? 0 : 2)} MB`;

/** Terminal width of text: CJK and full-width characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1;
  return w;
}

const padEnd = (text: string, n: number) => text + " ".repeat(Math.max(0, n - width(text)));
const padStart = (text: string, n: number) => " ".repeat(Math.max(0, n - width(text))) + text;

function table(header: string[], rows: string[][], leftAligned: Set<number>): string[] {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (leftAligned.has(i) ? padEnd(c, widths[i]!) : padStart(c, widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function stepRows(summaries: Summary[]): string[][] {
  const rows: string[][] = [];
  for (const s of summaries) {
    rows.push([
      s.label,
      s.rows === null ? "" : s.rows.toLocaleString("en-US"),
      seconds(s.ms.median),
      s.repeats > 1 ? `${seconds(s.ms.min)}–${seconds(s.ms.max)}` : "",
      seconds(s.cpuMs.median),
      s.rowsPerSec === null ? "" : s.rowsPerSec.toLocaleString("en-US"),
      String(s.peakRssMb),
      s.loadavg.toFixed(1)
    ]);
    // Where the time goes: the loader's steps or the refresh's phases, and the slowest models of a refresh.
    const note = (text: string) => rows.push([`  └ ${text}`, "", "", "", "", "", "", ""]);
    const noteParts = (parts: Record<string, number>) =>
      note(
        Object.entries(parts)
          .map(([k, v]) => `${k} ${seconds(v)}`)
          .join(" · ")
      );
    if (s.timings) noteParts(s.timings);
    if (s.detail.slowest) noteParts(s.detail.slowest as Record<string, number>);
    if (typeof s.detail.rewriteMs === "number")
      note(`同样这些表原样重写一遍（不计算，含提交）${seconds(s.detail.rewriteMs)}`);
    if (s.detail.refusal)
      note(`read_csv(…, ${s.detail.variant})：默认的采样类型检测失败（${String(s.detail.refusal).trim()}）`);
  }
  return rows;
}

/** The printed report: machine, every step, the targets, each page's data. */
export function formatReport(machine: MachineInfo, summaries: Summary[], ratios: Ratio[], startedAt: string): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  const out = [
    `Jicai 性能基准 · ${startedAt} · ${machine.cpus} 核 ${machine.cpuModel} · 内存 ${machine.memoryGb} GB · Node ${machine.node} · DuckDB ${machine.duckdb} · 代码 ${machine.code}`,
    `负载（1/5/15 分钟）：开始 ${load(machine.loadavgStart)}，结束 ${load(machine.loadavgEnd)}（机器与其他任务共用）`,
    ...(machine.quiet ? [`机器安静：${machine.quiet.quiet ? "是" : "否"}（${machine.quiet.reason}）`] : []),
    "",
    ...table(
      ["步骤", "行数", "中位数 s", "最小–最大 s", "CPU s", "行/秒", "峰值 RSS MB", "负载"],
      stepRows(summaries),
      new Set([0])
    )
  ];
  if (ratios.length) {
    out.push("", "目标");
    const rows = ratios.map((r) => [
      r.name,
      String(r.value),
      r.target,
      r.met === null ? "" : r.met ? "达到" : "未达到"
    ]);
    out.push(...table(["指标", "数值", "目标", ""], rows, new Set([0, 2, 3])));
  }
  const sites = summaries.filter((s) => s.group === "site" && Array.isArray(s.detail.pages));
  if (sites.length) {
    out.push("", "网站每页数据（dist/_file 中该页引用的文件）");
    const rows: string[][] = [];
    for (const s of sites) {
      for (const page of s.detail.pages as PageData[]) {
        const files = page.files.map((f) => `${f.file.replace(/^_file\//, "")} ${megabytes(f.bytes)}`).join("，");
        rows.push([s.label, page.page, megabytes(page.bytes), megabytes(page.gzipBytes), files]);
      }
    }
    out.push(...table(["构建", "页面", "数据", "gzip", "文件"], rows, new Set([0, 1, 4])));
  }
  return out.join("\n");
}

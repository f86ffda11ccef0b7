// Chinese labels for codes the pipeline stores in English.

export const loadStatusLabels: Record<string, string> = {
  loaded: "已载入",
  unchanged: "未变化",
  failed: "失败",
  skipped: "已跳过",
  superseded: "已被新版本替换",
  unloaded: "已撤销"
};

export function loadStatusLabel(status: string | null): string {
  return status === null ? "—" : (loadStatusLabels[status] ?? status);
}

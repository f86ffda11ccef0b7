// Chinese names for sources and columns, taken from the source contracts (the one place aliases live).
import {martColumnLabels, martValueLabels} from "../../pipelines/models/marts.js";
import {contracts} from "../../pipelines/sources/index.js";

/** 平台采购明细 for "orders"; unrecognised files (null source) are 未识别. */
export function sourceLabel(kind: string | null): string {
  if (kind === null) return "未识别";
  return contracts.find((c) => c.kind === kind)?.label ?? kind;
}

/** 采购单价 for orders.unit_price; an unknown column keeps its identifier. */
export function columnLabel(kind: string | null, column: string | null): string | null {
  if (column === null) return null;
  const spec = contracts.find((c) => c.kind === kind)?.columns.find((c) => c.name === column);
  return spec?.aliases[0] ?? column;
}

/** Every source with its staging table, in contract order. */
export const sourceTables = contracts.map((c) => ({source: c.kind, label: c.label, table: c.table}));

/** Chinese labels of a mart's columns (its .yml in pipelines/models/marts/), shipped inside a page's JSON. */
export function martLabels(mart: string, columns: readonly string[]): Record<string, string> {
  const labels = martColumnLabels(mart);
  return Object.fromEntries(
    columns.map((column) => {
      const label = labels[column];
      if (!label) throw new Error(`数据集市 ${mart} 没有列 ${column} 的中文名`);
      return [column, label];
    })
  );
}

/** Chinese names of code values (over_limit → 超限 …) for the given code columns of a mart. */
export function valueLabels(mart: string, ...columns: string[]): Record<string, Record<string, string>> {
  return Object.fromEntries(columns.map((column) => [column, martValueLabels(mart, column)]));
}

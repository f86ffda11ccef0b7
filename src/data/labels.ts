// Chinese names for sources and columns, taken from the source contracts (the one place aliases live).
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

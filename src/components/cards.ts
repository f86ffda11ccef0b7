import {h} from "./dom.js";

export interface KpiOptions {
  /** What the number is (Chinese). */
  title: string;
  /** The formatted figure, e.g. formatMoney(x). */
  value: string;
  /** A short line of context under the figure. */
  note?: string;
  /** Stable hook for tests and screenshots. */
  id?: string;
}

/** A big-number card for a `grid` row. */
export function kpiCard({title, value, note, id}: KpiOptions): HTMLElement {
  return h(
    "div",
    {class: "card jc-kpi", ...(id ? {"data-kpi": id} : {})},
    h("div", {class: "jc-kpi-title"}, title),
    h("div", {class: "jc-kpi-value"}, value),
    note ? h("div", {class: "jc-kpi-note"}, note) : null
  );
}

/** A muted sentence in place of an empty table or chart. */
export function emptyNote(text: string): HTMLElement {
  return h("p", {class: "jc-empty"}, text);
}

/**
 * "口径" under a row of KPI cards: where each figure comes from (mart and column) and its formula, so a
 * reader can trace any number back to the warehouse.
 */
export function basisNote(items: readonly (readonly [figure: string, source: string])[]): HTMLElement {
  return h(
    "div",
    {class: "jc-basis"},
    h("span", {class: "jc-basis-title"}, "口径"),
    h("ul", {}, ...items.map(([figure, source]) => h("li", {}, h("b", {}, figure), "：", source)))
  );
}

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

/** One figure of a 口径 note: its name, its formula in Chinese words, and optionally where it is in the warehouse. */
export type BasisItem = readonly [figure: string, explanation: string, technical?: string];

/**
 * "口径" under a row of KPI cards: how each figure is computed, in Chinese words a reader follows. Table and
 * column names (so an analyst can trace a number back to the warehouse) go into a closed "技术说明" that the
 * reader opens on purpose.
 */
export function basisNote(items: readonly BasisItem[]): HTMLElement {
  const technical = items.filter((item) => item[2]);
  return h(
    "div",
    {class: "jc-basis"},
    h("span", {class: "jc-basis-title"}, "口径"),
    h("ul", {}, ...items.map(([figure, explanation]) => h("li", {}, h("b", {}, figure), "：", explanation))),
    technical.length
      ? h(
          "details",
          {class: "jc-tech"},
          h("summary", {}, "技术说明（数据表与字段）"),
          h("ul", {}, ...technical.map(([figure, , source]) => h("li", {}, h("b", {}, figure), "：", source)))
        )
      : null
  );
}

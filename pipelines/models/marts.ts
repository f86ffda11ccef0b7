import {discoverModels, type Model} from "../runner/models.js";
import {columnLabel} from "../runner/run.js";
import {modelsProject} from "./project.js";

/**
 * The marts: the models of the marts layer, each described by the `.yml` beside its SQL (title, column labels,
 * code values). The one list of marts; exports, the lake, the site and the tests read it from here.
 */
export const marts: readonly Model[] = discoverModels(modelsProject).filter((m) => m.layer === "marts");

export const martNames: readonly string[] = marts.map((m) => m.name);

function mart(name: string): Model {
  const found = marts.find((m) => m.name === name);
  if (!found) throw new Error(`没有名为 “${name}” 的数据集市（可选：${martNames.join(", ")}）`);
  return found;
}

/** The mart's Chinese title (a sheet name in exports). */
export function martTitle(name: string): string {
  return mart(name).descriptor.title ?? name;
}

/** Chinese labels of the mart's columns: export headers, column comments, page tables. */
export function martColumnLabels(name: string): Record<string, string> {
  const model = mart(name);
  return Object.fromEntries(Object.keys(model.descriptor.columns ?? {}).map((c) => [c, columnLabel(model, c)!]));
}

/** Chinese names of the code values a mart column holds (over_limit → 超限); empty for other columns. */
export function martValueLabels(name: string, column: string): Record<string, string> {
  const described = mart(name).descriptor.columns?.[column];
  return (typeof described === "object" && described.values) || {};
}

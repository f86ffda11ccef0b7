import {readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";

export const modelsDir = fileURLToPath(new URL("./", import.meta.url));

/** The jm_* macros every model may call (macros.sql), run before the models. */
export function readMacros(dir: string = modelsDir): string {
  return readFileSync(join(dir, "macros.sql"), "utf8");
}

/** Folders of SQL models, in layer order: staging → intermediate → marts. */
export const layers = ["staging", "intermediate", "marts"] as const;
export type Layer = (typeof layers)[number];

export interface Model {
  name: string;
  layer: Layer;
  path: string;
  sql: string;
  /** Names of other models this one selects from. */
  deps: string[];
  /**
   * Staging models are views (thin renames and casts over the landed raw_* tables); intermediate models and marts are tables, so each
   * heavy join runs once per refresh instead of once per mart that reads it. `-- materialized: view|table`
   * in a file overrides this. `-- materialized: incremental` makes a table the runner maintains by load:
   * its SQL reads order lines only for the loads listed in jc_pending_loads (see incremental.ts).
   */
  materialized: Materialization;
}

export type Materialization = "view" | "table" | "incremental";

/** The SQL without comments, so a table named in a comment is not taken for a dependency. */
export function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
}

/** Every identifier that follows `from` or `join`; the caller keeps the ones that are models. */
export function referencedNames(sql: string): string[] {
  const names = new Set<string>();
  for (const match of stripComments(sql).matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_]*)/gi)) {
    names.add(match[1]!.toLowerCase());
  }
  return [...names];
}

/** Reads every `<layer>/*.sql` file; the file name is the model name. */
export function discoverModels(dir: string = modelsDir): Model[] {
  const found: Omit<Model, "deps">[] = [];
  for (const layer of layers) {
    let files: string[];
    try {
      files = readdirSync(join(dir, layer))
        .filter((f) => f.endsWith(".sql"))
        .sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const path = join(dir, layer, file);
      const sql = readFileSync(path, "utf8");
      const declared = /^--\s*materialized:\s*(view|table|incremental)\s*$/m.exec(sql)?.[1] as
        Materialization | undefined;
      found.push({
        name: file.slice(0, -4),
        layer,
        path,
        sql,
        materialized: declared ?? (layer === "staging" ? "view" : "table")
      });
    }
  }
  const names = new Set(found.map((m) => m.name));
  return found.map((m) => ({...m, deps: referencedNames(m.sql).filter((n) => names.has(n) && n !== m.name)}));
}

/** Models ordered so each comes after the models it reads (layer, then name, breaks ties); a cycle is an error. */
export function orderModels(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const ordered: Model[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (model: Model, path: string[]) => {
    const seen = state.get(model.name);
    if (seen === "done") return;
    if (seen === "visiting") throw new Error(`模型之间存在循环依赖：${[...path, model.name].join(" → ")}`);
    state.set(model.name, "visiting");
    for (const dep of model.deps) visit(byName.get(dep)!, [...path, model.name]);
    state.set(model.name, "done");
    ordered.push(model);
  };
  const rank = (m: Model) => layers.indexOf(m.layer);
  for (const model of [...models].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))) visit(model, []);
  return ordered;
}

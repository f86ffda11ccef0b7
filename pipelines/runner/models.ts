import {existsSync, readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {parse} from "yaml";
import {modelDescriptor, type Materialization, type ModelDescriptor, type Project} from "./project.js";

export interface Model {
  name: string;
  layer: string;
  path: string;
  sql: string;
  /** Names of other models this one selects from. */
  deps: string[];
  /**
   * `view` or `table`; `incremental` is a table the runner maintains load by load: its SQL reads the rows of
   * `loadsOf` only for the loads listed in the pending-loads table (incremental.ts).
   */
  materialized: Materialization;
  /** Incremental models: the tables read load by load. */
  loadsOf: string[];
  /** The model's `<name>.yml` (empty when it has none). */
  descriptor: ModelDescriptor;
}

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

/** A model's descriptor file, validated; a mistake names the file and the field. */
export function readDescriptor(path: string): ModelDescriptor {
  if (!existsSync(path)) return {};
  const parsed = modelDescriptor.safeParse(parse(readFileSync(path, "utf8")) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`模型说明文件 ${path} 有误：${issue.path.join(".") || "(顶层)"} ${issue.message}`);
  }
  return parsed.data;
}

/** Reads every `<layer>/<name>.sql` of the project, with its `<name>.yml` when there is one. */
export function discoverModels(project: Project): Model[] {
  const found: Omit<Model, "deps">[] = [];
  for (const layer of project.layers) {
    const folder = join(project.dir, layer);
    if (!existsSync(folder)) continue;
    const files = readdirSync(folder)
      .filter((f) => f.endsWith(".sql"))
      .sort();
    for (const file of files) {
      const name = file.slice(0, -4);
      const descriptor = readDescriptor(join(folder, `${name}.yml`));
      found.push({
        name,
        layer,
        path: join(folder, file),
        sql: readFileSync(join(folder, file), "utf8"),
        materialized: descriptor.materialized ?? project.materializedByLayer[layer] ?? "table",
        loadsOf: descriptor.loads_of ?? [],
        descriptor
      });
    }
  }
  const names = new Set(found.map((m) => m.name));
  return found.map((m) => ({...m, deps: referencedNames(m.sql).filter((n) => names.has(n) && n !== m.name)}));
}

/**
 * Models ordered so each comes after the models it reads (layer, then name, breaks ties); a cycle is an error.
 * `layers` ranks the layers (default: the order they first appear in).
 */
export function orderModels(models: Model[], layers: readonly string[] = [...new Set(models.map((m) => m.layer))]) {
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

/** The project's models in build order: the one entry point for anything that runs them (the refresh, Spark). */
export function buildOrder(project: Project): Model[] {
  return orderModels(discoverModels(project), project.layers);
}

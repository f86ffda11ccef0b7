import type {DuckDBConnection} from "@duckdb/node-api";
import {contracts} from "../sources/index.js";
import {pendingLoadsTable} from "../runner/fingerprint.js";
import {referencedNames, type Model} from "../runner/models.js";

/** The data a failing model failed on: a load, and within it the first row without which the model runs. */
export interface Culprit {
  loadId: number;
  file: string;
  sheet: string | null;
  /** NULL when the model fails on the load's rows together but on no first row alone. */
  sourceRow: number | null;
}

/** At most this many loads are tried, newest first, and this many steps spent narrowing down the row. */
const maxLoads = 50;
const maxRowSteps = 24;

/** The failing model and every model it reads, directly or not, in build order. */
export function upstreamOf(ordered: Model[], failing: Model): Model[] {
  const byName = new Map(ordered.map((m) => [m.name, m]));
  const needed = new Set<string>();
  const visit = (name: string) => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const dep of byName.get(name)?.deps ?? []) visit(dep);
  };
  visit(failing.name);
  return ordered.filter((m) => needed.has(m.name));
}

/**
 * Finds which loaded data makes a model fail, so the message can name the load, file and row. The failing model
 * and the models it reads are rebuilt inside transactions that are rolled back: first with all data (it must
 * fail), then without one load at a time (newest first) — the load without which it runs is the culprit — then,
 * within that load, by bisection on the source row, the first row whose presence makes it fail. Only runs after a
 * refresh failed; returns NULL when no single load explains the failure (a bug in a model, not in the data).
 * `prepare` recreates what the models read besides the data (policy parameters, macros) inside each attempt.
 */
export async function findCulprit(
  conn: DuckDBConnection,
  chain: Model[],
  prepare: () => Promise<void>
): Promise<Culprit | null> {
  const rawTables = new Set(chain.flatMap((m) => referencedNames(m.sql)).filter((n) => n.startsWith("raw_")));
  const kinds = contracts.filter((c) => rawTables.has(c.table));
  if (!kinds.length) return null;
  const tableOf = new Map<string, string>(kinds.map((c) => [c.kind, c.table]));

  const fails = async (hide?: {loadId: number; table: string; afterRow?: number}) => {
    await conn.run("begin transaction");
    try {
      await prepare();
      if (hide) {
        const rows = hide.afterRow === undefined ? "" : ` and source_row > ${Math.trunc(hide.afterRow)}`;
        await conn.run(`delete from ${hide.table} where load_id = ${Math.trunc(hide.loadId)}${rows}`);
      }
      await build(conn, chain);
      return false;
    } catch {
      return true;
    } finally {
      await conn.run("rollback");
    }
  };

  if (!(await fails())) return null;
  const loads = (
    await conn.runAndReadAll(
      `select load_id, file, sheet, source from load_log
       where status = 'loaded' and source in (${kinds.map((c) => `'${c.kind}'`).join(", ")})
       order by load_id desc limit ${maxLoads}`
    )
  ).getRowObjectsJS();
  for (const load of loads) {
    const loadId = Number(load.load_id);
    const table = tableOf.get(String(load.source))!;
    if (await fails({loadId, table})) continue;
    const culprit: Culprit = {
      loadId,
      file: String(load.file),
      sheet: (load.sheet as string | null) ?? null,
      sourceRow: null
    };
    const [bounds] = (
      await conn.runAndReadAll(`select min(source_row), max(source_row) from ${table} where load_id = ${loadId}`)
    ).getRows();
    // Smallest r such that keeping the load's rows up to r fails: keeping none (first - 1) runs, keeping all fails.
    let low = Number(bounds![0]) - 1;
    let high = Number(bounds![1]);
    for (let step = 0; high - low > 1 && step < maxRowSteps; step++) {
      const middle = Math.floor((low + high) / 2);
      if (await fails({loadId, table, afterRow: middle})) high = middle;
      else low = middle;
    }
    if (high - low === 1) culprit.sourceRow = high;
    return culprit;
  }
  return null;
}

/** Rebuilds the models in order; the last one is materialized as a table so that every row is computed. */
async function build(conn: DuckDBConnection, chain: Model[]): Promise<void> {
  // An incremental model reads the loads listed as pending: here every load of the tables it reads.
  const loadTables = [...new Set(chain.flatMap((m) => m.loadsOf))];
  if (loadTables.length)
    await conn.run(
      `create or replace temp table ${pendingLoadsTable} as ` +
        loadTables.map((t) => `select distinct load_id from ${t}`).join(" union ")
    );
  for (const [i, model] of chain.entries()) {
    const last = i === chain.length - 1;
    if (model.materialized === "view" && !last) {
      await conn.run(`create or replace view ${model.name} as\n${model.sql}`);
      continue;
    }
    const kind = (
      await conn.runAndReadAll(
        `select 'view' from duckdb_views() where view_name = $1 and schema_name = 'main' and not internal`,
        [model.name]
      )
    ).getRows();
    if (kind.length) await conn.run(`drop view ${model.name}`);
    await conn.run(`create or replace table ${model.name} as\n${model.sql}`);
  }
}

/** The sentence a failure message adds about the data it failed on. */
export function culpritText(culprit: Culprit): string {
  const where = [
    culprit.file,
    culprit.sheet ? `工作表 ${culprit.sheet}` : null,
    culprit.sourceRow ? `第 ${culprit.sourceRow} 行` : null
  ]
    .filter(Boolean)
    .join("，");
  return `出错的数据来自载入 ${culprit.loadId}（${where}）：请更正后重新载入该文件，或用 jicai unload ${culprit.loadId} 撤销这次载入`;
}

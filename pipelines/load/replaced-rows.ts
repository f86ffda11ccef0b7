import type {DuckDBConnection} from "@duckdb/node-api";
import type {SourceContract} from "../sources/contract.js";
import {contracts} from "../sources/index.js";
import {replacedTableName as replacedTable} from "../warehouse/raw-tables.js";

/**
 * Rows that leave a raw_* table because a later load replaced them are kept in its replaced_* twin (made from the
 * source contract with the raw table, raw-tables.ts) with that load in `replaced_by`: a row with the same natural key in a later file, or every row of an
 * earlier version of the same file (superseded). Unloading the later load puts them back, so an unload leaves
 * the warehouse as it was before that load. Everything here runs inside the caller's transaction.
 */
const idList = (ids: readonly number[]) => ids.map((id) => String(Math.trunc(id))).join(", ");

/** SQL matching row `a` with row `b` of the same source on the natural key (NULL equals NULL). */
export function sameKeySql(contract: SourceContract, a: string, b: string): string {
  return contract.key.map((k) => `${a}.${k} is not distinct from ${b}.${k}`).join(" and ");
}

/**
 * Replaces, in `contract`'s table, the rows of other loads (not `loadId` nor the other sheets of its file,
 * `siblings`) that have the natural key of a row of `loadId`: they move to the replaced table. Returns how many.
 */
export async function replaceByKey(
  conn: DuckDBConnection,
  contract: SourceContract,
  loadId: number,
  siblings: readonly number[] = []
): Promise<number> {
  const {table} = contract;
  const others = `s.load_id not in (${idList([loadId, ...siblings])})`;
  const replaced = `exists (select 1 from ${table} g where g.load_id = ${loadId} and ${sameKeySql(contract, "s", "g")})`;
  await conn.run(
    `insert into ${replacedTable(contract)} by name
     select s.*, ${loadId} as replaced_by from ${table} s where ${others} and ${replaced}`
  );
  const deleted = await conn.run(`delete from ${table} s where ${others} and ${replaced}`);
  return Number(deleted.rowsChanged);
}

/**
 * Of the loads an earlier version of a file left (`earlier`), those the new version corrects and so supersedes.
 * A source versioned by date (listings) keeps its history: an earlier listing load none of whose rows is valid from
 * the new file's version date (`versionDate`: --as-of, the file name's date or the file's date) is another version,
 * not a correction — a platform's price file downloaded to the same name each month adds a version. Other loads,
 * and a listing load with no rows left, are superseded.
 */
export async function loadsToSupersede(
  conn: DuckDBConnection,
  earlier: readonly number[],
  versionDate: string
): Promise<number[]> {
  if (!earlier.length) return [];
  const otherVersion = contracts
    .filter((c) => c.versionedByDate)
    .map(
      (c) =>
        `(l.source = '${c.kind}'
          and exists (select 1 from ${c.table} e where e.load_id = l.load_id)
          and not exists (select 1 from ${c.table} e where e.load_id = l.load_id and e.valid_from = $1::date))`
    );
  const reader = await conn.runAndReadAll(
    `select l.load_id from load_log l where l.load_id in (${idList(earlier)})
     ${otherVersion.length ? `and not (${otherVersion.join(" or ")})` : ""} order by l.load_id`,
    [versionDate]
  );
  return reader.getRows().map((r) => Number(r[0]));
}

/**
 * Supersedes whole loads (an earlier version of a file loaded again): their rows move to the replaced tables,
 * replaced by `byLoad`, and load_log marks them superseded. Returns how many rows moved.
 */
export async function supersedeLoads(
  conn: DuckDBConnection,
  loadIds: readonly number[],
  byLoad: number
): Promise<number> {
  if (!loadIds.length) return 0;
  let moved = 0;
  for (const contract of contracts) {
    const rows = `from ${contract.table} where load_id in (${idList(loadIds)})`;
    await conn.run(`insert into ${replacedTable(contract)} by name select *, ${byLoad} as replaced_by ${rows}`);
    moved += Number((await conn.run(`delete ${rows}`)).rowsChanged);
  }
  await conn.run(
    `update load_log set status = 'superseded', removed_at = current_timestamp, removed_by = ${byLoad}
     where load_id in (${idList(loadIds)})`
  );
  return moved;
}

/**
 * Removes loads: their rows (current or replaced), their rejected cells, and load_log marks them unloaded. The
 * loads they superseded are current again and every row they replaced goes back, unless its own load is still
 * superseded (it stays replaced, by the load that superseded it) or a current row has its key (it stays
 * replaced, by that row's load); of rows going back with the same key, the latest load's wins.
 */
export async function removeLoads(
  conn: DuckDBConnection,
  loadIds: readonly number[]
): Promise<{removed: number; restored: number}> {
  const counts = {removed: 0, restored: 0};
  if (!loadIds.length) return counts;
  const removed = idList(loadIds);
  await conn.run(
    `update load_log set status = 'unloaded', removed_at = current_timestamp, removed_by = null
     where load_id in (${removed})`
  );
  await conn.run(
    `update load_log set status = 'loaded', removed_at = null, removed_by = null
     where status = 'superseded' and removed_by in (${removed})`
  );
  await conn.run(`delete from rejects where load_id in (${removed})`);
  for (const contract of contracts) {
    const {table} = contract;
    const replaced = replacedTable(contract);
    counts.removed += Number((await conn.run(`delete from ${table} where load_id in (${removed})`)).rowsChanged);
    await conn.run(`delete from ${replaced} where load_id in (${removed})`);
    await conn.run(
      `update ${replaced} r set replaced_by = log.removed_by from load_log log
       where r.replaced_by in (${removed}) and log.load_id = r.load_id and log.status = 'superseded'`
    );
    await conn.run(
      `update ${replaced} r set replaced_by = c.load_id from ${table} c
       where r.replaced_by in (${removed}) and ${sameKeySql(contract, "r", "c")}`
    );
    await conn.run(
      `update ${replaced} r set replaced_by = later.load_id from ${replaced} later
       where r.replaced_by in (${removed}) and later.replaced_by in (${removed}) and later.load_id > r.load_id
         and ${sameKeySql(contract, "r", "later")}`
    );
    const back = await conn.run(
      `insert into ${table} by name select * exclude (replaced_by) from ${replaced} where replaced_by in (${removed})`
    );
    counts.restored += Number(back.rowsChanged);
    await conn.run(`delete from ${replaced} where replaced_by in (${removed})`);
  }
  return counts;
}

import {statSync} from "node:fs";
import {basename, resolve} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {registerCleaningMacros} from "../clean/macros.js";
import {dropScratch} from "../read/grid-store.js";
import {readerFor} from "../read/index.js";
import {FileError, type Grid} from "../read/types.js";
import type {SourceContract} from "../sources/contract.js";
import {contracts} from "../sources/index.js";
import {commitWrites, inTransaction, rollbackQuietly} from "../warehouse/durable.js";
import {userMessage} from "../warehouse/duckdb-errors.js";
import {sha256File} from "./file-hash.js";
import type {ColumnMappingOptions} from "./mappings.js";
import {listingValidFrom} from "./valid-from.js";
import {loadsToSupersede, replaceByKey, supersedeLoads} from "./replaced-rows.js";
import {UnrecognisedSheetError, type SheetPlan} from "./sheet-plan.js";
import {planTables} from "./sheet-tables.js";
import {
  dataRowsCondition,
  duplicateKeysSql,
  notLoadedRowsSql,
  provenCleanSql,
  rejectedCellsSql,
  typedTableSql
} from "./typed-sql.js";

export type LoadStatus = "loaded" | "unchanged" | "failed" | "skipped";

/** One line of the load report: one file × sheet (what `jicai load --json` prints; see its --help). */
export interface LoadResult {
  file: string;
  sheet: string | null;
  source: string | null;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rows_replaced: number;
  /** Rows of the earlier version of this file (same path, other bytes) that this load superseded. */
  rows_superseded: number;
  load_id: number | null;
  status: LoadStatus;
  message?: string;
  /** Header cells no column took. */
  ignored_columns?: string[];
  /** Rows whose blank "same as above" cells were filled from the row that starts their product. */
  rows_filled?: number;
  /** The commonest reasons rows were rejected, with how many rows each. */
  reject_reasons?: {reason: string; rows: number}[];
  /** What identifies the sheet's template, for `--save-map`. */
  plan?: Pick<SheetPlan, "signature"> & {source: string};
  /** Milliseconds per step of the load (read, type, rejects, replace, insert), for the benchmark. */
  timings?: Record<string, number>;
}

export interface LoadOptions {
  source?: SourceContract;
  batch?: string;
  /** Province of a listing file without a province column. */
  province?: string;
  /** Category (药品/耗材) of a file without a category column. */
  category?: string;
  /** The policy's home province, used when a listing file has no province column and no --province is given. */
  homeProvince?: () => string;
  /** The date a listing file's prices are valid from (`--as-of`); default: a date in its name, else its file date. */
  asOf?: string;
  mapping?: ColumnMappingOptions;
  /** A sheet that holds no table of a source fails the file instead of being skipped. */
  strict?: boolean;
  /** Only these sheets of a workbook are read (by name). */
  sheets?: string[];
  /** The row holding the header (as Excel numbers it), when it lies below where the header is searched for. */
  headerRow?: number;
  /** Progress for stderr; `stage` messages mark the steps of a large file, the others count rows read. */
  onProgress?: (message: string, kind: "rows" | "stage") => void;
}

let loadSequence = 0;

async function scalar(conn: DuckDBConnection, sql: string, params: (string | number)[] = []): Promise<number> {
  const rows = (await conn.runAndReadAll(sql, params)).getRows();
  return Number(rows[0]?.[0] ?? 0);
}

/**
 * The earlier loads of exactly these bytes, if every row they loaded is still in the warehouse (no later
 * corrected file replaced any of them). Reloading such a file changes nothing.
 */
async function currentLoadsOf(conn: DuckDBConnection, sha256: string): Promise<LoadResult[] | null> {
  const logs = (
    await conn.runAndReadAll(
      `select load_id, file, sheet, source, rows_read, rows_loaded, rows_rejected, message, ignored_columns, rows_filled
       from load_log where sha256 = $1 and status = 'loaded' order by load_id`,
      [sha256]
    )
  ).getRowObjectsJS();
  if (logs.length === 0) return null;
  const results: LoadResult[] = [];
  for (const log of logs) {
    const contract = contracts.find((c) => c.kind === log.source);
    if (!contract) return null;
    const present = await scalar(conn, `select count(*) from ${contract.table} where load_id = $1`, [
      Number(log.load_id)
    ]);
    if (present !== Number(log.rows_loaded)) return null;
    results.push({
      file: String(log.file),
      sheet: (log.sheet as string | null) ?? null,
      source: String(log.source),
      rows_read: Number(log.rows_read),
      rows_loaded: Number(log.rows_loaded),
      rows_rejected: Number(log.rows_rejected),
      rows_replaced: 0,
      rows_superseded: 0,
      load_id: Number(log.load_id),
      status: "unchanged",
      ...(log.message ? {message: String(log.message)} : {}),
      ignored_columns: ((log.ignored_columns as string[] | null) ?? []).map(String),
      rows_filled: Number(log.rows_filled ?? 0)
    });
  }
  return results;
}

/** The current loads of the file at `file` (a resolved path), whatever their bytes. */
async function currentLoadsAt(conn: DuckDBConnection, file: string): Promise<number[]> {
  const reader = await conn.runAndReadAll("select load_id from load_log where file = $1 and status = 'loaded'", [file]);
  return reader.getRows().map((r) => Number(r[0]));
}

/**
 * The next load's id, read inside the load's transaction (one writer holds the file). Not DuckDB's sequence:
 * a process killed while its commit was being written can leave the sequence advanced though nothing of the
 * load survives, so rerunning the load would get another id than an uninterrupted run (seen in the crash test).
 */
const nextLoadIdSql = "select coalesce(max(load_id), 0) + 1 from load_log";

/** Loads one sheet inside the caller's transaction and returns its report line. */
async function loadSheet(
  conn: DuckDBConnection,
  file: string,
  sha256: string,
  plan: SheetPlan,
  prefix: string,
  stage: (step: string) => void,
  startedAt: string,
  siblings: {loadId: number; sheet: string | null}[]
): Promise<LoadResult> {
  const {contract} = plan.sources;
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    timings[step] = Math.round(performance.now() - started);
    return result;
  };
  const loadId = await scalar(conn, nextLoadIdSql);
  const rejected = `${prefix}_rejects`;
  const sheet = plan.grid.sheet;
  const {table} = contract;
  const columns = contract.columns.map((c) => c.name);
  stage(`${plan.header.contract.label}：清洗、校验并写入数据仓库`);
  const sources = {...plan.sources, provenClean: await timed("proof", () => provenCleanColumns(conn, plan))};
  const typedRows = (grid: string) => typedTableSql(sources, grid, plan.firstDataRow, plan.grid.columnCount);
  // One pass: every cell typed and every row rule checked on the way into the staging table (inside the
  // caller's transaction). The few rows that fail are found again below, by what did not arrive.
  const inserted = await timed("type+insert", () =>
    conn.run(
      `insert into ${table} (load_id, source_file, sheet, source_row, ${columns.join(", ")})
       select $1, $2, $3, source_row, ${columns.join(", ")} from (${typedRows(plan.grid.table)}) where not is_rejected`,
      [loadId, file, sheet]
    )
  );
  const rowsArrived = Number(inserted.rowsChanged);
  // On a clean sheet every data row arrived: one count says so, and the rows that did not arrive are neither
  // looked for nor typed again for their reasons (on a file of a few rows, typing is most of the load's cost).
  const dataRows = await timed("count", () =>
    scalar(
      conn,
      `select count(*) from ${plan.grid.table} where ${dataRowsCondition(plan.firstDataRow, plan.grid.columnCount)}`
    )
  );
  await conn.run(
    `create or replace temp table ${rejected} (source_row integer, column_name varchar, value varchar, reason varchar)`
  );
  let rowsRead = rowsArrived;
  let rejectedCells = 0;
  if (dataRows !== rowsArrived) {
    const notLoaded = `${prefix}_not_loaded`;
    await timed("not-loaded", () =>
      conn.run(
        `create or replace temp table ${notLoaded} as ${notLoadedRowsSql(plan.grid.table, table, loadId, plan.firstDataRow, plan.grid.columnCount)}`
      )
    );
    rowsRead += await scalar(conn, `select count(*) from ${notLoaded}`);
    const cells = await timed("rejects", () =>
      conn.run(`insert into ${rejected} ${rejectedCellsSql(sources, `(${typedRows(notLoaded)})`)}`)
    );
    rejectedCells += Number(cells.rowsChanged);
  }
  const duplicates = await timed("duplicates", () =>
    conn.run(`insert into ${rejected} ${duplicateKeysSql(plan.sources, table, loadId, siblings)}`)
  );
  rejectedCells += Number(duplicates.rowsChanged);
  let rowsRejected = 0;
  if (rejectedCells > 0) {
    await conn.run(
      `delete from ${table} where load_id = ${loadId} and source_row in (select source_row from ${rejected})`
    );
    rowsRejected = await scalar(conn, `select count(distinct source_row) from ${rejected}`);
    await conn.run(
      `insert into rejects select $1, $2, $3, source_row, column_name, value, reason from ${rejected} order by source_row, column_name`,
      [loadId, file, sheet]
    );
  }
  // A corrected file replaces the rows of earlier loads that have the same natural key (kept in replaced_*);
  // never its own rows (a key repeated across its sheets was rejected above), so reloading the file stays a no-op.
  const replaced = await timed("replace", () =>
    replaceByKey(
      conn,
      contract,
      loadId,
      siblings.map((s) => s.loadId)
    )
  );
  const rowsLoaded = await scalar(conn, `select count(*) from ${table} where load_id = ${loadId}`);
  if (rowsRead !== rowsLoaded + rowsRejected) {
    throw new Error(`内部错误：读取 ${rowsRead} 行 ≠ 载入 ${rowsLoaded} + 拒绝 ${rowsRejected}`);
  }
  const note = [...plan.notes, ...(plan.grid.note ? [plan.grid.note] : [])].join("；") || null;
  const rowsFilled = plan.sources.fill?.rows ?? 0;
  const reasons = rowsRejected ? await rejectReasons(conn, rejected, plan) : [];
  await conn.run(
    `insert into load_log (load_id, file, file_name, sheet, sha256, source, rows_read, rows_loaded, rows_rejected,
                           rows_replaced, status, message, started_at, finished_at, ignored_columns, rows_filled,
                           mapping_file)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'loaded', $11, $12::timestamp, current_timestamp,
             $13::json::varchar[], $14, $15)`,
    [
      loadId,
      file,
      basename(file),
      sheet,
      sha256,
      contract.kind,
      rowsRead,
      rowsLoaded,
      rowsRejected,
      replaced,
      note,
      startedAt,
      JSON.stringify(plan.ignored),
      rowsFilled,
      plan.mappingFile
    ]
  );
  return {
    file,
    sheet,
    source: contract.kind,
    rows_read: rowsRead,
    rows_loaded: rowsLoaded,
    rows_rejected: rowsRejected,
    rows_replaced: replaced,
    rows_superseded: 0,
    load_id: loadId,
    status: "loaded",
    ...(note ? {message: note} : {}),
    ignored_columns: plan.ignored,
    rows_filled: rowsFilled,
    reject_reasons: reasons,
    plan: {signature: plan.signature, source: contract.kind},
    timings
  };
}

/**
 * Rows the proof of clean columns looks at first. Names and specs often hold a full-width bracket （ that
 * cleaning turns into (, so some columns of a large file are dirty: a column dirty in these rows is cleaned
 * without testing the rest of its cells, and only the columns clean here are proven over the rest of the grid.
 */
const proofSampleRows = 2048;

/** The mapped columns of a sheet that need no cleaning macro in any of its cells (provenCleanSql). */
async function provenCleanColumns(conn: DuckDBConnection, plan: SheetPlan): Promise<string[]> {
  const prove = async (matches: SheetPlan["sources"]["matches"], from: number, to: number | null) => {
    const sql = provenCleanSql({...plan.sources, matches}, plan.grid.table, from, to);
    const proof = (await conn.runAndReadAll(sql)).getRowObjectsJS()[0]!;
    return {clean: matches.filter((m) => proof[m.column.name] === true), rows: Number(proof.$rows)};
  };
  const rest = plan.firstDataRow + proofSampleRows;
  const sample = await prove(plan.sources.matches, plan.firstDataRow, rest);
  const proven =
    sample.rows < proofSampleRows || sample.clean.length === 0 ? sample : await prove(sample.clean, rest, null);
  return proven.clean.map((m) => m.column.name);
}

/**
 * The commonest reasons rows were rejected (top three), each with how many rows: the column as the file names
 * it, and the reason with row numbers taken out (与第 12 行重复 → 与其他行重复, as the data-quality page groups them).
 */
async function rejectReasons(
  conn: DuckDBConnection,
  rejected: string,
  plan: SheetPlan
): Promise<{reason: string; rows: number}[]> {
  const reader = await conn.runAndReadAll(
    `select column_name, regexp_replace(reason, '第 \\d+ 行', '其他行') as reason,
            count(distinct source_row) as rows
     from ${rejected} group by all order by rows desc, column_name, reason limit 3`
  );
  return reader.getRowObjectsJS().map((r) => {
    const name = String(r.column_name);
    const match = plan.header.matches.find((m) => m.column.name === name);
    const column = plan.header.contract.columns.find((c) => c.name === name);
    const header = match?.header ?? column?.aliases[0] ?? name;
    const reason = String(r.reason);
    // A reason that names its column already (中选企业为空：…) is not prefixed with it again.
    const label = name.includes("+") || reason.startsWith(header) ? "" : `“${header}”`;
    return {reason: `${label}${reason}`, rows: Number(r.rows)};
  });
}

/**
 * Plans every sheet (one plan per table when a sheet holds several): each stands alone. A sheet that holds no table of a source is skipped with its reason as
 * long as some sheet loads (with `strict`, it fails the file); a sheet that is a source's table but cannot be
 * loaded fails the file.
 */
async function planSheets(conn: DuckDBConnection, file: string, grids: Grid[], options: LoadOptions) {
  const plans: SheetPlan[] = [];
  const skipped: LoadResult[] = [];
  let firstUnrecognised: FileError | null = null;
  for (const grid of grids) {
    try {
      plans.push(...(await planTables(conn, file, grid, options)));
    } catch (error) {
      if (!(error instanceof UnrecognisedSheetError) || grids.length === 1 || options.strict) throw error;
      firstUnrecognised ??= error;
      skipped.push({...emptyResult(file, grid.sheet, "skipped"), message: error.message});
    }
  }
  if (plans.length === 0) throw firstUnrecognised ?? new FileError(file, null, "文件中没有数据");
  return {plans, skipped};
}

/** The grids of the sheets asked for with --sheet (all when none were named); a name not found is refused. */
function chosenSheets(file: string, grids: Grid[], sheets: string[] | undefined): Grid[] {
  if (!sheets?.length) return grids;
  const missing = sheets.filter((name) => !grids.some((g) => g.sheet === name));
  if (missing.length) {
    const names = grids.map((g) => `“${g.sheet ?? "（无）"}”`).join("、");
    throw new FileError(
      file,
      null,
      `文件中没有工作表“${missing.join("”“")}”（有数据的工作表：${names}），请检查 --sheet`
    );
  }
  return grids.filter((g) => sheets.includes(g.sheet!));
}

function emptyResult(file: string, sheet: string | null, status: LoadStatus): LoadResult {
  return {
    file,
    sheet,
    source: null,
    rows_read: 0,
    rows_loaded: 0,
    rows_rejected: 0,
    rows_replaced: 0,
    rows_superseded: 0,
    load_id: null,
    status
  };
}

/**
 * Loads one file in one transaction: every sheet lands, with its rejects and load_log rows, or nothing does.
 * Identical bytes loaded before (and still current) are reported `unchanged` and touch nothing.
 */
export async function loadFile(conn: DuckDBConnection, path: string, options: LoadOptions = {}): Promise<LoadResult[]> {
  const file = resolve(path);
  let sha256: string;
  try {
    sha256 = await sha256File(file);
  } catch (error) {
    // Not a regular file, gone since the folder was listed, unreadable: nothing to record it under.
    return [{...emptyResult(file, null, "failed"), source: options.source?.kind ?? null, message: userMessage(error)}];
  }
  const previous = await currentLoadsOf(conn, sha256);
  if (previous) return previous.map((r) => ({...r, file}));
  await registerCleaningMacros(conn);
  const prefix = `load_${process.pid}_${++loadSequence}`;
  const startedAt = new Date().toISOString().replace("T", " ").slice(0, 23);
  const readStarted = performance.now();
  let transactionOpen = false;
  try {
    // Reading only fills temp tables, so it happens before the transaction (a grid's rowid is then its row).
    const grids = await readerFor(file)(conn, file, {
      tablePrefix: prefix,
      onProgress: (rows) => options.onProgress?.(`${basename(file)}：已读取 ${rows.toLocaleString("zh-CN")} 行`, "rows")
    });
    const readMs = Math.round(performance.now() - readStarted);
    await conn.run("begin transaction");
    transactionOpen = true;
    const planStarted = performance.now();
    const {plans, skipped} = await planSheets(conn, file, chosenSheets(file, grids, options.sheets), options);
    const planMs = Math.round(performance.now() - planStarted);
    // The file loaded before from this path, with other bytes, is an earlier version: this one supersedes all of
    // it (rows its correction removed go too; a listing valid from another date stays, as history), and the first
    // sheet's line says how many rows that replaced.
    const earlier = await currentLoadsAt(conn, file);
    const correcting = await loadsToSupersede(conn, earlier, listingValidFrom(file, options.asOf).date);
    const superseded = await supersedeLoads(conn, correcting, await scalar(conn, nextLoadIdSql));
    const results: LoadResult[] = [...skipped];
    const large = statSync(file).size > 20 * 1024 * 1024;
    const stage = (step: string) => {
      if (large) options.onProgress?.(`${basename(file)}：${step}`, "stage");
    };
    const siblings: {loadId: number; sheet: string | null}[] = [];
    for (const [i, plan] of plans.entries()) {
      const result = await loadSheet(conn, file, sha256, plan, `${prefix}_${i}`, stage, startedAt, siblings);
      siblings.push({loadId: result.load_id!, sheet: result.sheet});
      if (i === 0)
        Object.assign(result, {rows_superseded: superseded, timings: {read: readMs, plan: planMs, ...result.timings}});
      results.push(result);
    }
    await commitWrites(
      conn,
      results.reduce((sum, r) => sum + r.rows_read, 0)
    );
    return results;
  } catch (error) {
    if (transactionOpen) await rollbackQuietly(conn);
    if (process.env.JICAI_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    const message = userMessage(error);
    const sheet = error instanceof FileError ? error.sheet : null;
    try {
      await recordFailure(conn, {file, sheet, sha256, source: options.source?.kind ?? "", message, startedAt});
    } catch {
      // The warehouse takes no more writes (a full disk, a failed commit): stop with the cause, not this.
      throw error;
    }
    return [{...emptyResult(file, sheet, "failed"), source: options.source?.kind ?? null, message}];
  } finally {
    await dropTempObjects(conn, prefix);
  }
}

/** The load_log row of a file that did not load, in its own transaction. */
async function recordFailure(
  conn: DuckDBConnection,
  f: {file: string; sheet: string | null; sha256: string; source: string; message: string; startedAt: string}
): Promise<void> {
  await inTransaction(conn, () =>
    conn.run(
      `insert into load_log (load_id, file, file_name, sheet, sha256, source, status, message, started_at, finished_at)
       values ((${nextLoadIdSql}), $1, $2, $3, $4, $5, 'failed', $6, $7::timestamp, current_timestamp)`,
      [f.file, basename(f.file), f.sheet, f.sha256, f.source, f.message, f.startedAt]
    )
  );
}

/** Drops the grids and work tables of one load, so a folder of files does not pile them up in memory. */
async function dropTempObjects(conn: DuckDBConnection, prefix: string): Promise<void> {
  const reader = await conn.runAndReadAll(
    `select 'view' as kind, view_name as name from duckdb_views() where temporary and starts_with(view_name, $1)
     union all
     select 'table', table_name from duckdb_tables() where temporary and starts_with(table_name, $1)
     order by kind desc`,
    [`${prefix}_`]
  );
  for (const {kind, name} of reader.getRowObjectsJS())
    await conn.run(`drop ${String(kind)} if exists "${String(name)}"`);
  await dropScratch(conn, prefix);
}

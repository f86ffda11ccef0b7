import type {DuckDBConnection} from "@duckdb/node-api";
import {releaseCheckpointGuard, writeCheckpointGuard} from "./checkpoint-guard.js";

/**
 * How every write transaction of a warehouse commits: as a checkpoint, guarded, never through the WAL.
 *
 * DuckDB 1.5 writes large inserts straight to free blocks of the database file while the transaction runs
 * ("optimistic writes"); committing through the WAL then logs only pointers to those blocks (ROW_GROUP_DATA). If
 * the process dies while that commit is being written, the WAL ends without its commit marker, and replaying it
 * is meant to discard the transaction — but the replay merges ROW_GROUP_DATA into the table outside the replay's
 * transaction (wal_replay.cpp ReplayRowGroupData → MergeStorage), so its rollback leaves those rows in while the
 * small inserts of the same transaction (our load_log and rejects rows) go: a killed 1.2 M-line load left all its
 * rows and no load_log row (issue 18). Committing with a checkpoint instead (DuckDB skips the WAL when the commit
 * is at least `auto_checkpoint_skip_wal_threshold` and checkpointing is due, which a zero `checkpoint_threshold`
 * makes always) writes the data and then one new header: the transaction is in the file entirely or not at all.
 * The checkpoint is guarded against a torn metadata write (checkpoint-guard.ts).
 *
 * Small transactions may still commit through the WAL (commitWrites). Between commits DuckDB never checkpoints
 * on its own: open.ts sets `checkpoint_threshold` to noAutomaticCheckpoint and turns off the checkpoint on
 * shutdown, so every checkpoint is one of ours.
 */
export const noAutomaticCheckpoint = "1000TB";

/** The file of the connection's current database, or null for an in-memory one (nothing to guard). */
export async function databaseFile(conn: DuckDBConnection): Promise<string | null> {
  const rows = (
    await conn.runAndReadAll("select path from duckdb_databases() where database_name = current_database()")
  ).getRows();
  const path = rows[0]?.[0];
  return typeof path === "string" && path !== "" && path !== ":memory:" ? path : null;
}

export interface CommitOptions {
  /**
   * Leave FSST out of the checkpoint's compression: the refresh's rebuilt tables are small and rewritten every
   * time, and their text compresses as well by dictionary; FSST's analysis of every text column took 0.12 s of a
   * 0.55 s commit at 10 M order lines. Loads keep FSST: order ids are all distinct.
   */
  withoutFsst?: boolean;
}

async function runQuietly(conn: DuckDBConnection, sql: string): Promise<void> {
  try {
    await conn.run(sql);
  } catch {
    // After a failed checkpoint DuckDB refuses every statement ("database has been invalidated"); the commit's
    // own error is the one to report.
  }
}

/** Commits the open transaction as a guarded checkpoint (see above). */
export async function commitDurably(conn: DuckDBConnection, {withoutFsst = false}: CommitOptions = {}): Promise<void> {
  const db = await databaseFile(conn);
  if (!db) {
    await conn.run("commit");
    return;
  }
  await writeCheckpointGuard(conn, db);
  await conn.run("set checkpoint_threshold = '0b'");
  await conn.run("set auto_checkpoint_skip_wal_threshold = 0");
  if (withoutFsst) await conn.run("set disabled_compression_methods = 'fsst'");
  try {
    await conn.run("commit");
  } finally {
    await runQuietly(conn, `set checkpoint_threshold = '${noAutomaticCheckpoint}'`);
    await runQuietly(conn, "reset auto_checkpoint_skip_wal_threshold");
    if (withoutFsst) await runQuietly(conn, "reset disabled_compression_methods");
  }
  // Reached only when the checkpoint wrote its header; after a failure the guard stays for the next open.
  releaseCheckpointGuard(db);
}

/**
 * Below one row group (122 880 rows) DuckDB writes nothing to the file before the commit, so a commit through the
 * WAL logs whole rows, and a WAL torn by a kill is discarded whole on replay. Such commits stay in the WAL (a
 * checkpoint for each of 5 000 small files would cost more than the load), and the next guarded checkpoint —
 * the mart refresh that follows every load — folds them into the file.
 */
export const walCommitRows = 100_000;

/** Commits a transaction that wrote `rows` rows: through the WAL when that is safe (see walCommitRows), else commitDurably. */
export async function commitWrites(conn: DuckDBConnection, rows: number, options: CommitOptions = {}): Promise<void> {
  if (rows < walCommitRows) await conn.run("commit");
  else await commitDurably(conn, options);
}

/** Rolls back if a transaction is open; a commit that failed has already rolled back, which is not an error. */
export async function rollbackQuietly(conn: DuckDBConnection): Promise<void> {
  await runQuietly(conn, "rollback");
}

/** Runs `work` in one transaction committed with commitDurably; on any error it rolls back and rethrows. */
export async function inTransaction<T>(
  conn: DuckDBConnection,
  work: () => Promise<T>,
  options: CommitOptions = {}
): Promise<T> {
  await conn.run("begin transaction");
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await rollbackQuietly(conn);
    throw error;
  }
  try {
    await commitDurably(conn, options);
  } catch (error) {
    await rollbackQuietly(conn);
    throw error;
  }
  return result;
}

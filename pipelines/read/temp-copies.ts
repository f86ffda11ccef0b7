import {readdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";

/**
 * Copies and links the readers hand DuckDB in place of a file (a UTF-8 copy of a GBK CSV; a link under a plain
 * name to a file DuckDB cannot name): one per reader call, named by process, removed when the reader returns.
 */
export function tempCopyPath(tablePrefix: string, extension: ".csv" | ".parquet"): string {
  return join(tmpdir(), `jicai-${process.pid}-${tablePrefix}${extension}`);
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the copies and links that loads killed mid-way left in the temp folder (their process is gone). */
export function removeOrphanedCopies(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = /^jicai-(\d+)-.*\.(csv|parquet)$/.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && !isRunning(Number(pid))) rmSync(join(tmpdir(), name), {force: true});
  }
}

import {spawn, spawnSync} from "node:child_process";
import {closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {headerSlotSize, headerSlots, parseHeaderSlot, readAt} from "../../pipelines/warehouse/duckdb-file.js";

/**
 * Runs the real CLI under strace and, if asked, kills it with SIGKILL exactly as it enters its n-th write —
 * before that write reaches the file — so a crash test can stop a command at every write of a checkpoint, not
 * at a moment a timer happens to hit. strace counts the calls on the traced files per thread and per system
 * call (DuckDB writes blocks and headers with pwrite64, its WAL with write); JICAI_THREADS=1 and one libuv
 * worker make every write to the warehouse come from one thread, so n numbers them in order. Each run reports
 * the writes it saw (thread, file, offset, length) and which one it was killed at.
 */

const bin = fileURLToPath(new URL("../../bin/jicai.js", import.meta.url));

export interface TracedWrite {
  /** DuckDB writes blocks and headers with pwrite64, its WAL with write; fsync is where a checkpoint waits. */
  syscall: "pwrite64" | "write" | "fsync";
  /** 1-based count of this thread's calls of `syscall`: the `when=` of strace's injection. */
  call: number;
  tid: number;
  file: string;
  /** Where a pwrite64 wrote; null for a write (at the file's end, for the WAL). */
  offset: number | null;
  length: number;
}

/** Which call to kill the command on entering: the thread's `call`-th `syscall`. */
export interface KillPoint {
  syscall: "pwrite64" | "write" | "fsync";
  call: number;
}

export interface TracedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  writes: TracedWrite[];
  /** The write the process was killed on entering (it did not happen), when a kill was asked for and came. */
  killedAt: TracedWrite | null;
  /** With `diskFullFrom`: the first write made to fail. */
  firstFailed: TracedWrite | null;
}

/** Fails with what to install when strace is missing (.ci/run installs it). */
export function requireStrace(): void {
  const probe = spawnSync("strace", ["-V"], {encoding: "utf8"});
  if (probe.status !== 0) throw new Error("crash tests need strace (apt-get install strace)");
}

const pwrite = /^(\d+) +pwrite64\((\d+)<(.*?)>, .*, (\d+), (\d+)(?:\) += (.+)| <unfinished \.\.\.>)$/;
const write = /^(\d+) +write\((\d+)<(.*?)>, .*, (\d+)(?:\) += (.+)| <unfinished \.\.\.>)$/;
const fsync = /^(\d+) +fsync\((\d+)<(.*?)>(?:\) += (.+)| <unfinished \.\.\.>)$/;

export interface TraceOptions {
  /** The files whose writes are reported (and counted for `killAt`): the warehouse and its WAL. */
  files: string[];
  killAt?: KillPoint;
  /** A full disk: from this call on, every write of its kind to `files` fails with ENOSPC (both kinds, if two). */
  diskFullFrom?: KillPoint[];
  env?: Record<string, string>;
  /**
   * Also report the command's writes to stdout, as writes to the file "stdout", in order with the others: where
   * `jicai load --json` printed its result line, its load had committed. Not with `killAt`: stdout is written
   * by another thread, whose count the injection would also watch.
   */
  traceStdout?: boolean;
}

/** `jicai …args` under strace, reporting the writes to `files`; with `killAt`, SIGKILL on entering that call. */
export function runTraced(
  args: string[],
  {killAt, diskFullFrom = [], env = {}, files, traceStdout = false}: TraceOptions
): Promise<TracedRun> {
  if (killAt && traceStdout) throw new Error("traceStdout and killAt do not go together");
  const dir = mkdtempSync(join(tmpdir(), "jicai-strace-"));
  const log = join(dir, "strace.log");
  const stdoutFile = join(dir, "stdout");
  const stdoutFd = traceStdout ? openSync(stdoutFile, "w") : null;
  const inject = [
    ...(killAt ? ["-e", `inject=${killAt.syscall}:signal=KILL:when=${killAt.call}`] : []),
    ...diskFullFrom.flatMap((p) => ["-e", `inject=${p.syscall}:error=ENOSPC:when=${p.call}+`])
  ];
  // -P limits tracing, and the injection's count, to calls on these files.
  const paths = [...files, ...(traceStdout ? [stdoutFile] : [])].flatMap((file) => ["-P", file]);
  const strace = ["-f", "-qq", "-y", "-s", "0", ...paths, "-e", "trace=pwrite64,write,fsync", ...inject, "-o", log];
  return new Promise((resolve, reject) => {
    const child = spawn("strace", [...strace, process.execPath, bin, ...args], {
      env: {...process.env, JICAI_THREADS: "1", UV_THREADPOOL_SIZE: "1", ...env},
      stdio: ["ignore", stdoutFd ?? "pipe", "pipe"]
    });
    if (stdoutFd !== null) closeSync(stdoutFd);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      try {
        const counts = new Map<string, number>();
        const writes: TracedWrite[] = [];
        let killedAt: TracedWrite | null = null;
        let firstFailed: TracedWrite | null = null;
        for (const line of readFileSync(log, "utf8").split("\n")) {
          const p = pwrite.exec(line);
          const w = p ? null : write.exec(line);
          const f = p || w ? null : fsync.exec(line);
          if (!p && !w && !f) continue;
          const syscall = p ? "pwrite64" : w ? "write" : "fsync";
          const tid = Number((p ?? w ?? f)![1]);
          const key = `${tid} ${syscall}`;
          const call = (counts.get(key) ?? 0) + 1;
          counts.set(key, call);
          const traced = (p ?? w ?? f)![3]!;
          const file = traced === stdoutFile ? "stdout" : traced;
          if (file !== "stdout" && !files.includes(file)) continue;
          const result = p ? p[6] : w ? w[5] : f![4];
          const entry: TracedWrite = p
            ? {syscall, call, tid, file, offset: Number(p[5]), length: Number(p[4])}
            : {syscall, call, tid, file, offset: null, length: w ? Number(w[4]) : 0};
          writes.push(entry);
          if (!firstFailed && result?.includes("(INJECTED)")) firstFailed = entry;
          const cut = result === undefined || result.trim() === "?";
          if (killAt && killAt.syscall === syscall && killAt.call === call && cut) killedAt = entry;
        }
        // strace exits with the tracee's status; a SIGKILLed tracee shows as 137 or the signal itself.
        const killed = signal === "SIGKILL" || code === 137;
        if (traceStdout) stdout = readFileSync(stdoutFile, "utf8");
        resolve({
          code,
          signal: killed ? "SIGKILL" : signal,
          stdout,
          stderr,
          writes,
          killedAt: killed ? killedAt : null,
          firstFailed
        });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
    });
  });
}

/**
 * Makes a write the process was killed on look torn, as a kill during the write (the kernel stops a buffered write
 * between pages on SIGKILL) or a power cut leaves it: the first half of its range keeps the old bytes, the second
 * half gets bytes that are neither old nor new. Only the part inside the file: a torn write past the end is a
 * short file, which DuckDB never reads beyond its header's block count.
 */
export function tearWrite(write: TracedWrite): void {
  if (write.offset === null) throw new Error("only a pwrite64 has a known place to tear");
  const size = statSync(write.file).size;
  const start = write.offset + Math.floor(write.length / 2 / 4096) * 4096;
  const end = Math.min(write.offset + write.length, size);
  if (end <= start) return;
  const garbage = Buffer.alloc(end - start);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 17) & 0xff;
  const fd = openSync(write.file, "r+");
  try {
    writeSync(fd, garbage, 0, garbage.length, start);
  } finally {
    closeSync(fd);
  }
}

/**
 * Spoils the second half of the header slot a checkpoint writes next (the older of the two): a kill before the
 * header's write, followed by this, is the header write torn.
 */
export function tearNextHeader(db: string): void {
  const slots = readAt(db, headerSlots[0], 2 * headerSlotSize);
  const iterations = [0, 1].map((i) => parseHeaderSlot(slots.subarray(i * headerSlotSize))?.iteration ?? -1);
  const next = iterations[0]! <= iterations[1]! ? 0 : 1;
  tearWrite({
    syscall: "pwrite64",
    call: 0,
    tid: 0,
    file: db,
    offset: headerSlots[next],
    length: headerSlotSize
  });
}

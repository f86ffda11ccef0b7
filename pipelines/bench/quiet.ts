/**
 * Whether a run's machine was quiet: ratios to DuckDB's multi-threaded reader come out better on a busy machine
 * than on a quiet one, so the README quotes only quiet runs. Quiet means the 1-minute load average was under
 * `idleBefore` when the run began (nothing else running) and no step began with it above the CPU count plus
 * `otherWork` (our own step keeps at most every CPU busy; more means another process shared them).
 */
const idleBefore = 0.5;
const otherWork = 0.5;

export interface QuietVerdict {
  quiet: boolean;
  /** Chinese: the figures the verdict rests on. */
  reason: string;
}

export function quietVerdict(cpus: number, loadBefore: number, stepLoads: number[]): QuietVerdict {
  const busiest = Math.max(0, ...stepLoads);
  const quiet = loadBefore < idleBefore && busiest <= cpus + otherWork;
  return {
    quiet,
    reason: `开始时 1 分钟负载 ${loadBefore.toFixed(2)}（应 < ${idleBefore}），各步骤开始时最高 ${busiest.toFixed(2)}（应 ≤ ${cpus} 核 + ${otherWork}）`
  };
}

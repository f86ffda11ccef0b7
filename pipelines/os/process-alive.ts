/**
 * Whether a process with this PID exists on this machine: signal 0 checks without sending anything. EPERM means
 * it exists but belongs to another user. Used to tell a lock or marker left by a killed process from a live one.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

import {spawnSync} from "node:child_process";
import {fileURLToPath} from "node:url";

const bin = fileURLToPath(new URL("../../bin/jicai.js", import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`npx jicai …`) in a child process. */
export function jicai(args: string[], env: Record<string, string> = {}, timeoutMs = 600_000): CliResult {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    env: {...process.env, ...env},
    timeout: timeoutMs
  });
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

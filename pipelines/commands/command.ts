/** One CLI command: `jicai <name> …`. Each lives in its own module in this folder. */
export interface Command {
  name: string;
  /** One line, Chinese, shown by `jicai --help`. */
  summary: string;
  /** Full `--help` text. */
  usage: string;
  /** Returns the process exit code. Throwing an Error prints its message as a one-line reason and exits 1. */
  run(args: string[]): Promise<number>;
}

/** Thrown for wrong flags or arguments: printed with the command's usage hint, exit 2. */
export class UsageError extends Error {}

/** One CLI command: `jicai <name> …`. Each lives in its own module in this folder. */
export interface Command {
  name: string;
  /** One line, Chinese, shown by `jicai --help`. */
  summary: string;
  /** Full `--help` text. */
  usage: string;
  /** Returns the process exit code. Throwing an Error prints its message as a one-line reason and exits 1. */
  run(args: string[]): Promise<number>;
  /**
   * The exit code when the command cannot run (bad flags, no warehouse …), for a command whose own codes already
   * mean something to a scheduled job (`jicai alerts`: 1 yellow, 2 red). Default: 2 for usage, 1 for other errors.
   */
  failureExitCode?: number;
}

/** Thrown for wrong flags or arguments: printed with the command's usage hint, exit 2. */
export class UsageError extends Error {}

/**
 * Node's parseArgs errors (`Unknown option '--xml'…`) as the Chinese line of a UsageError; null for other errors.
 */
export function parseArgsUsage(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS_")) return null;
  const message = (error as Error).message;
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `未知的选项 ${option ?? ""}`.trim();
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const argument = /argument '([^']*)'/.exec(message)?.[1];
    return `多余的参数${argument ? ` “${argument}”` : ""}：这个命令不接受它`;
  }
  if (/argument missing/.test(message)) return `选项 ${option ?? ""} 后面缺少它的值`;
  if (/does not take an argument/.test(message)) return `选项 ${option ?? ""} 不带值`;
  return `选项 ${option ?? ""} 的用法不对`;
}

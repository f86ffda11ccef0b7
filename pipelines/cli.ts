import {parseArgsUsage, UsageError} from "./commands/command.js";
import {userMessage} from "./warehouse/duckdb-errors.js";
import {commands} from "./commands/index.js";

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "用法: jicai <命令> [参数]   (每个命令都支持 --help)",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(helpText());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`jicai: 未知命令 “${name}”\n\n${helpText()}`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    // The technical detail, with what each error was caused by (DuckDB's own text), only when asked for.
    for (let e: unknown = error; process.env.JICAI_DEBUG && e instanceof Error; e = e.cause) console.error(e.stack);
    const usage = error instanceof UsageError ? error.message : parseArgsUsage(error);
    if (usage !== null) {
      console.error(`jicai ${name}: ${usage}\n（运行 jicai ${name} --help 查看用法）`);
      return command.failureExitCode ?? 2;
    }
    // The one place every command's error reaches the user: library text becomes one Chinese line.
    console.error(`jicai ${name}: ${userMessage(error)}`);
    return command.failureExitCode ?? 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

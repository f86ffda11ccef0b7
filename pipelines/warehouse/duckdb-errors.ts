import {defaultMemoryLimit} from "./memory-limit.js";

/**
 * The one place a library's error text becomes what a user reads: DuckDB's errors ("<Kind> Error: <detail>") and
 * Node's (ENOSPC, EACCES…) as one Chinese sentence that says what happened and what to do, never the library's
 * English wording. What the machine ran out of or refused (disk, memory, a damaged or read-only file) is said by
 * describeSystemError; an error in SQL itself by describeDuckDBError, with the identifier it names; any other
 * kind gets a sentence saying what sort of problem it is. userMessage is what every command's error passes
 * through (cli.ts): our own Chinese messages stay as they are, a library's text inside them is replaced. The
 * original text is printed only with JICAI_DEBUG set.
 */

const debugHint = "设置环境变量 JICAI_DEBUG=1 重新运行可查看技术细节";

/** Where a library's text starts inside a message: "Catalog Error: …", "TransactionContext Error: …", "ENOSPC: …". */
const technicalStart =
  /(?:\b(?:[A-Z][A-Za-z]*|Out of)(?: [A-Z][A-Za-z]*)* Error: |\bE[A-Z]{2,}: |\b(?:Unknown option|Option '|Unexpected argument)|\bnumber out of |\bcannot rollback\b|\bFailed to \w+)/;

function quoted(message: string, pattern: RegExp): string | undefined {
  return pattern.exec(message)?.[1];
}

/**
 * A Chinese line for a known kind of library error, or null. `db` is the warehouse file, named in the advice.
 */
export function describeSystemError(message: string, db?: string): string | null {
  const where = db ? `（${db}）` : "";
  if (/No space left on device|ENOSPC|disk (is )?full|not enough space on the disk/i.test(message)) {
    return `磁盘空间不足${where}，这一步没有完成，也没有留下写了一半的数据：请腾出磁盘空间（载入大文件时约需文件大小两倍的空闲空间）后重新运行同一命令。`;
  }
  if (/Out of Memory Error|failed to allocate|could not allocate|OutOfMemory|memory limit/i.test(message)) {
    return `内存不足（超出内存上限：环境变量 JICAI_MEMORY_LIMIT，默认 ${defaultMemoryLimit}），这一步没有完成，也没有留下写了一半的数据：可调大 JICAI_MEMORY_LIMIT（如 3GB）后重试，查询可缩小范围；若是单个文件（如上万列的 CSV），请先检查文件内容是否正确。`;
  }
  if (
    /Corrupt database file|does not match stored checksum|Failed to load metadata pointer|Corrupt WAL file/i.test(
      message
    )
  ) {
    return `数据仓库文件已损坏${where}，无法读取：请停止对它的写入，按 docs/operations.md「备份」一节用备份恢复（复制保存的文件，或 jicai restore 备份目录），然后重新载入备份之后收到的文件。`;
  }
  if (/database has been invalidated/i.test(message)) {
    return `数据库在前一个错误（多为磁盘已满或内存不足）后停止了写入，这一步没有完成，也没有留下写了一半的数据：请排除该问题后重新运行。`;
  }
  if (/Permission denied|EACCES|EPERM|Read-only file system|EROFS/i.test(message)) {
    const path = quoted(message, /["'“]([^"'”]+)["'”]/);
    return `没有权限写入或读取${path ? ` ${path}` : "所需的文件"}${path ? "" : where}（文件或目录只读，或属于其他用户）：请让管理员检查权限后重试。`;
  }
  if (/ENOENT|No such file or directory/i.test(message)) {
    const path = quoted(message, /["'“]([^"'”]+)["'”]/);
    return `找不到文件${path ? ` ${path}` : ""}（已被移走或删除）：请确认路径后重试。`;
  }
  if (/Interrupt/i.test(message)) return `命令被中断，这一步没有完成，也没有留下写了一半的数据。`;
  if (/number out of int32 range|out of range for/i.test(message))
    return `有数值超出了允许的范围（如行号或数量过大）：请检查输入。`;
  return null;
}

/** Whether a message is all ours: no library error text inside it. */
function isOwn(message: string): boolean {
  return !technicalStart.test(message);
}

/**
 * What to show the user for any error: our own Chinese message as it is; a library's text replaced by
 * describeSystemError, or, when unknown, by a generic line (after our own Chinese context, when there is one).
 * Always one line.
 */
export function userMessage(error: unknown, db?: string): string {
  const message = (error instanceof Error ? error.message : String(error)).trim();
  if (isOwn(message)) return message.split("\n")[0]!;
  const start = message.search(technicalStart);
  const technical = message.slice(start);
  const known = /^[A-Za-z ]+ Error: /.test(technical)
    ? describeDuckDBError(technical, db)
    : describeSystemError(message, db);
  const context = message
    .slice(0, start)
    .split("\n")[0]!
    .replace(/[：:（(\s]+$/u, "");
  const explained = known ?? `出现了未预料的内部错误，命令没有完成（${debugHint}，并报告给维护人员）。`;
  return context && /[\u4e00-\u9fff]/u.test(context) ? `${context}：${explained}` : explained;
}

interface Rule {
  pattern: RegExp;
  say: (match: RegExpExecArray) => string;
}

const rules: Rule[] = [
  {
    pattern: /Table with name (\S+) does not exist/i,
    say: (m) => `没有名为 ${unquote(m[1]!)} 的表或视图（用 "show tables" 查看有哪些表）`
  },
  {
    pattern: /Referenced column "?([^"\s]+)"? not found/i,
    say: (m) => `找不到列 ${m[1]}（用 "describe 表名" 查看表的列）`
  },
  {pattern: /Scalar Function with name (\S+) does not exist/i, say: (m) => `没有名为 ${unquote(m[1]!)} 的函数`},
  {pattern: /Table Function with name (\S+) does not exist/i, say: (m) => `没有名为 ${unquote(m[1]!)} 的表函数`},
  {pattern: /syntax error at or near "([^"]*)"/i, say: (m) => `语法错误：SQL 在“${m[1]}”附近无法解析`},
  {pattern: /syntax error at end of input/i, say: () => "语法错误：SQL 语句不完整"},
  {
    pattern: /file system operations are disabled|Cannot access (file|directory)/i,
    say: () =>
      "查询只读：不能读写数据仓库以外的文件。要导出请用 --csv / --json 或 jicai export，要备份请用 jicai backup"
  },
  {
    pattern: /read-only mode|read only|the configuration has been locked/i,
    say: () => "查询只读：不能修改数据仓库或其设置。要加载数据请用 jicai load"
  },
  {pattern: /Could not convert string '([^']*)' to (\S+)/i, say: (m) => `无法把“${m[1]}”转换为 ${m[2]} 类型`},
  {pattern: /Division by zero/i, say: () => "除数为零"}
];

const kinds: Record<string, string> = {
  Parser: "语法错误：SQL 无法解析",
  Binder: "表、列或函数名有误",
  Catalog: "引用了不存在的表或函数",
  Conversion: "数据类型转换失败",
  "Out of Range": "数值超出范围",
  "Invalid Input": "输入无效",
  Constraint: "违反数据约束",
  Permission: "没有权限",
  IO: "读写文件出错",
  Interrupt: "查询被中断"
};

function unquote(name: string): string {
  return name.replace(/^["']|["']!?$|!$/g, "").replace(/["']$/, "");
}

/**
 * One Chinese line for a DuckDB error message; never DuckDB's own English wording. `db` is the warehouse file,
 * named in the advice for a full disk or a damaged file.
 */
export function describeDuckDBError(message: string, db?: string): string {
  const first = message.split("\n")[0] ?? "";
  for (const rule of rules) {
    const match = rule.pattern.exec(first);
    if (match) return rule.say(match);
  }
  const system = describeSystemError(message, db);
  if (system) return system;
  const kind = /^([A-Za-z ]+?) Error:/.exec(first)?.[1];
  return `${(kind && kinds[kind]) ?? "数据库操作失败"}（${debugHint}）`;
}

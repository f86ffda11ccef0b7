/**
 * DuckDB's error messages as one Chinese sentence for the user. DuckDB words its errors as
 * "<Kind> Error: <detail>"; the common kinds an analyst's SQL meets are reworded here with the identifier they
 * name, and any other kind gets a Chinese sentence that says what sort of problem it is, without DuckDB's text.
 */

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
  {pattern: /Division by zero/i, say: () => "除数为零"},
  {
    pattern: /Out of Memory/i,
    say: () => "内存不足：查询需要的内存超过上限（可缩小查询范围，或设置 JICAI_MEMORY_LIMIT 调高上限）"
  }
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

/** One Chinese line for a DuckDB error message; never DuckDB's own English wording. */
export function describeDuckDBError(message: string): string {
  const first = message.split("\n")[0] ?? "";
  for (const rule of rules) {
    const match = rule.pattern.exec(first);
    if (match) return rule.say(match);
  }
  const kind = /^([A-Za-z ]+?) Error:/.exec(first)?.[1];
  return `${(kind && kinds[kind]) ?? "数据库操作失败"}（设置环境变量 JICAI_DEBUG=1 可查看详细信息）`;
}

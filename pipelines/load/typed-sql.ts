import {columnSqlType as sqlTypes, type ColumnSpec, type SourceContract} from "../sources/contract.js";
import type {ColumnMatch} from "../read/header.js";
import {columnLetters} from "../read/column-label.js";
import {sqlString} from "../warehouse/sql.js";

/** Where each contract column comes from in one sheet: a file column (with its unit multiplier) or a constant. */
export interface ColumnSources {
  contract: SourceContract;
  matches: ColumnMatch[];
  /** Constant SQL values for columns the file lacks (e.g. the batch taken from the sheet name). */
  constants: Record<string, string>;
  /** Blank "same as above" cells to fill from the row that starts the product, when the sheet has any. */
  fill?: ContinuationFill | null;
  /** The reader saw a control character in the sheet: every mapped cell is checked for one. */
  controlCharacters?: boolean;
  /** Cells right of the header that some data row fills, in a delimited file: such a row is rejected. */
  overflow?: Overflow | null;
  /** Columns proven clean in this grid (provenCleanSql): typed without the cleaning macros. */
  provenClean?: string[];
}

/** The grid columns right of a delimited file's header (`from` … `to` − 1) and what the reject says. */
export interface Overflow {
  from: number;
  to: number;
  reason: string;
}

/**
 * A sheet's continuation rows: `columns` (the first is the anchor) are filled on a row whose anchor is blank,
 * that has every `required` column, one of `needs` and one column of each of `groups`.
 */
export interface ContinuationFill {
  columns: string[];
  required: string[];
  needs: string[];
  groups: string[][];
  /** How many rows are filled (counted when the sheet was planned). */
  rows: number;
}

/** The SQL condition that a row continues the product above, given how a column's presence is tested. */
export function continuationCondition(fill: ContinuationFill, present: (name: string) => string): string {
  return [
    `not (${present(fill.columns[0]!)})`,
    ...fill.required.map(present),
    `(${fill.needs.map(present).join(" or ")})`,
    ...fill.groups.map((g) => `(${g.map(present).join(" or ")})`)
  ].join(" and ");
}

const castByType: Record<ColumnSpec["type"], (text: string) => string> = {
  text: (t) => t,
  code: (t) => `jc_to_code(${t})`,
  decimal: (t) => `jc_to_decimal(${t})`,
  integer: (t) => `jc_to_integer(${t})`,
  date: (t) => `jc_to_date(${t})`,
  boolean: (t) => `jc_to_boolean(${t})`,
  ratio: (t) => `jc_to_ratio(${t})`
};

const parseFailure: Record<ColumnSpec["type"], string> = {
  text: "",
  code: "",
  decimal: "不是有效的数字",
  integer: "不是有效的整数",
  date: "不是有效的日期",
  boolean: "不是有效的是/否值",
  ratio: "不是有效的比例（应为 0–1 或 0%–100%）"
};

/** Why a number with a comma failed: the comma is a decimal comma or misplaced, never guessed at. */
const commaFailure =
  "数字中的逗号无法确定含义（2,50 或 1.234,50 这类以逗号作小数点的写法，或不是每三位一个的千位分隔符）：" +
  "请在 Excel 中把该列设为不带千位分隔符的数字（小数点用“.”）后重新导出";

/** C0 controls but tab, line feed and carriage return, U+FFFE and U+FFFF (controlCharacter in read/encoding.ts). */
const controlClass = "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x{FFFE}\\x{FFFF}]";

/**
 * A plain cast of the raw cell that agrees with the cleaning path wherever it succeeds (2024-01-05, 12.5):
 * most cells take it, and only the cells it refuses are trimmed, de-marked and parsed by the macros.
 * Integers go through DECIMAL because DuckDB rounds '3.5' to 4 when casting text to INTEGER.
 */
const fastCastByType: Partial<Record<ColumnSpec["type"], (raw: string) => string>> = {
  decimal: (raw) => `try_cast(${raw} as decimal(18,6))`,
  integer: (raw) => `try_cast(${raw} as decimal(18,6))`,
  // A failed parse costs DuckDB ~0.7 µs, five times a successful one: pick the one format that can match.
  date: (raw) => `cast(case
        when contains(${raw}, '年') then try_strptime(${raw}, '%Y年%m月%d日')
        when contains(${raw}, '.') then try_strptime(${raw}, '%Y.%m.%d')
        when contains(${raw}, '/') then try_strptime(${raw}, '%Y/%m/%d')
        else try_cast(${raw} as date)
      end as date)`
};

function fastCastOf(column: ColumnSpec): ((raw: string) => string) | undefined {
  return column.canonical ? undefined : fastCastByType[column.type];
}

/** The characters DuckDB's trim() removes (found by trying every code point; typed-sql.test.ts checks it). */
const trimmedSpace = "[ \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}]";

/**
 * What jc_text can change in a cell besides a null marker: a full-width character or the ideographic space
 * (jc_halfwidth), a space trim() removes at either end, two spaces, a tab or a line break (jc_null_marker).
 */
const changedByCleaning = `[！-～　\\t\\n\\r]|  |^${trimmedSpace}|${trimmedSpace}$`;

/**
 * Whether a raw cell needs the cleaning macros: a non-blank cell of a number or date column that its fast cast
 * does not take, or a cell of another column that jc_text changes or turns into NULL (a null marker).
 */
export function needsCleaningSql(column: ColumnSpec, raw: string): string {
  const fast = fastCastOf(column);
  if (fast) return `(${raw} is not null and ${fast(raw)} is null)`;
  return `(${raw} is not null and (regexp_matches(${raw}, '${changedByCleaning}') or jc_marker_to_null(${raw}) is null))`;
}

/**
 * One row with a boolean per mapped column: true when no data cell of the grid's rows `from` … `to` − 1 (to the end
 * when `to` is null) needs the cleaning macros (needsCleaningSql), and the rows looked at as `$rows`. Most columns
 * of a real file are clean, and are then proven so by one vectorised test per cell instead of being cleaned cell by
 * cell; the typed projection of a proven column leaves the macros out, which also keeps the statement small for
 * DuckDB to plan (most of the cost of a file of a few rows).
 */
export function provenCleanSql(sources: ColumnSources, grid: string, from: number, to: number | null = null): string {
  const tests = sources.matches.map(
    (m) => `not coalesce(bool_or(${needsCleaningSql(m.column, `c${m.index}`)}), false) as "${m.column.name}"`
  );
  const range = `source_row >= ${from}${to === null ? "" : ` and source_row < ${to}`}`;
  return `select ${[...tests, `count(*)::integer as "$rows"`].join(",\n       ")}\nfrom ${grid}\nwhere ${range}`;
}

/** Whether the cell held something (not blank, not a null marker): tells "empty" from "unparseable". */
function hasExpression(column: ColumnSpec): string {
  const cleaned = `t_${column.name} is not null`;
  return fastCastOf(column) ? `(f_${column.name} is not null or ${cleaned})` : cleaned;
}

/**
 * The typed value of a column: the fast cast `f_<name>` when it succeeded, else its cleaned text `t_<name>`
 * parsed by the type's macro; or its constant / default when the file lacks the column.
 */
function typedExpression(
  column: ColumnSpec,
  match: ColumnMatch | undefined,
  constant: string | undefined,
  proven: boolean
): string {
  // A constant (the batch from a sheet name or --batch) is cleaned like a cell: 接续采购（江川省） → 接续采购(江川省).
  if (!match && constant) return `cast(jc_text(${constant}) as ${sqlTypes[column.type]})`;
  if (!match) return `cast(${column.defaultSql ?? "null"} as ${sqlTypes[column.type]})`;
  const text = `t_${column.name}`;
  let typed = column.canonical ? `${column.canonical}(${text})` : castByType[column.type](text);
  if (fastCastOf(column)) {
    const fast = `f_${column.name}`;
    const fastTyped =
      column.type === "integer" ? `case when ${fast} = floor(${fast}) then try_cast(${fast} as integer) end` : fast;
    // A proven column's cell that the fast cast did not take is blank: there is nothing to clean.
    typed = proven
      ? `case when ${fast} is not null then ${fastTyped} end`
      : `case when ${fast} is not null then ${fastTyped} else ${typed} end`;
  }
  // try_cast: a value that overflows the column type (999999999999 万片) is a bad cell, not a failed file.
  if (column.type === "decimal" && match.multiplier !== 1)
    typed = `(cast(${typed} as decimal(38,6)) * ${match.multiplier})`;
  typed = `try_cast(${typed} as ${sqlTypes[column.type]})`;
  // The default stands in for a blank cell only; an unparseable cell stays NULL and is rejected. A constant from
  // the load's context (a version's date) does the same for a column the file has.
  const blankValue = constant ? `cast(jc_text(${constant}) as ${sqlTypes[column.type]})` : column.defaultSql;
  if (blankValue) typed = `case when not ${hasExpression(column)} then ${blankValue} else ${typed} end`;
  return `cast(${typed} as ${sqlTypes[column.type]})`;
}

/** The rows of a grid that hold data: below the header and not blank. */
export function dataRowsCondition(firstDataRow: number, columnCount: number): string {
  const notBlank = Array.from({length: columnCount}, (_, i) => `nullif(trim(c${i}), '')`).join(", ");
  // Most rows start with a printable cell: only the others pay for trimming every cell.
  return `source_row >= ${firstDataRow} and case when ascii(c0) > 32 then true else coalesce(${notBlank}) is not null end`;
}

/**
 * The data rows of a grid that did not arrive in the staging table under `loadId`: the gaps between the rows
 * that did (one compressed integer column, sorted cheaply), then only those rows fetched from the grid, by a
 * join DuckDB pushes into the scan — instead of anti-joining every row of the grid.
 */
export function notLoadedRowsSql(
  grid: string,
  table: string,
  loadId: number,
  firstDataRow: number,
  columnCount: number
): string {
  return `with
arrived as (
    select source_row from ${table} where load_id = ${loadId}
    union all
    select ${firstDataRow - 1}
),
gaps as (
    select source_row, lead(source_row, 1, (select max(source_row) + 1 from ${grid})) over (order by source_row) as next
    from arrived
),
missing as (
    select unnest(range(source_row + 1, next)) as source_row from gaps where next > source_row + 1
)
select grid.* from ${grid} as grid semi join missing using (source_row)
where ${dataRowsCondition(firstDataRow, columnCount)}`;
}

/**
 * The typed rows of one sheet: every contract column cast by its cleaning macro, next to the raw text
 * (`raw_<name>`) that rejects quote. Blank rows are dropped; the header and rows above it are skipped.
 */
export function typedSelectSql(
  sources: ColumnSources,
  grid: string,
  firstDataRow: number,
  columnCount: number
): string {
  const {contract, matches, constants} = sources;
  const matchOf = (c: ColumnSpec) => matches.find((m) => m.column === c);
  // Staged so each macro's repeated argument is a plain column (DuckDB does not share sub-expressions), and
  // lazily: a cell the fast cast accepted is never cleaned.
  const fast = matches.map((m) => {
    const cast = fastCastOf(m.column);
    return `, c${m.index} as raw_${m.column.name}${cast ? `, ${cast(`c${m.index}`)} as f_${m.column.name}` : ""}`;
  });
  const proven = new Set(sources.provenClean ?? []);
  // A proven column's cleaned text is its raw text; a proven number or date column has none (see typedExpression).
  const lazily = (m: ColumnMatch, expression: string, provenValue: string) => {
    if (proven.has(m.column.name)) return fastCastOf(m.column) ? "null::varchar" : provenValue;
    return fastCastOf(m.column) ? `case when f_${m.column.name} is null then ${expression} end` : expression;
  };
  const keep = (m: ColumnMatch) => `, raw_${m.column.name}${fastCastOf(m.column) ? `, f_${m.column.name}` : ""}`;
  const trimmed = matches.map(
    (m) => `${keep(m)}, ${lazily(m, `jc_trimmed(raw_${m.column.name})`, `raw_${m.column.name}`)} as h_${m.column.name}`
  );
  const cleaned = matches.map(
    (m) => `${keep(m)}, ${lazily(m, `jc_null_marker(h_${m.column.name})`, `h_${m.column.name}`)} as t_${m.column.name}`
  );
  // A row's first value right of a delimited file's header, as {col, value}: carried up to the rules.
  const overflow = sources.overflow ? overflowExpression(sources.overflow) : null;
  const carried = overflow ? ", x_overflow" : "";
  let inner = `select source_row${cleaned.join("")}${carried}
  from (select source_row${trimmed.join("")}${carried}
        from (select source_row${fast.join("")}${overflow ? `, ${overflow} as x_overflow` : ""}
              from ${grid}
              where ${dataRowsCondition(firstDataRow, columnCount)}))`;
  if (sources.fill) {
    // "Same as above": a continuation row takes its blank identifying cells from the row that starts its
    // product (the first row of its group; a group starts at each row whose anchor is filled in).
    const {fill} = sources;
    const anchor = `t_${fill.columns[0]}`;
    const present = (name: string) => hasExpression(contract.columns.find((c) => c.name === name)!);
    const filled = fill.columns.map(
      (n) => `case when continues and t_${n} is null then first_value(t_${n}) over product else t_${n} end as t_${n}`
    );
    inner = `select * exclude (continues, product_group) replace (${filled.join(", ")})
  from (select *, ${continuationCondition(fill, present)} as continues,
               count(${anchor}) over (order by source_row rows between unbounded preceding and current row) as product_group
        from (${inner}))
  window product as (partition by product_group order by source_row rows between unbounded preceding and current row)`;
  }
  const columns = contract.columns.map((c) => {
    const match = matchOf(c);
    const raw = match ? `raw_${c.name}` : "null::varchar";
    const has = match ? hasExpression(c) : "false";
    const typed = typedExpression(c, match, constants[c.name], proven.has(c.name));
    return `${raw} as raw_${c.name},\n    ${has} as has_${c.name},\n    ${typed} as ${c.name}`;
  });
  let select = `select source_row${carried},\n    ${columns.join(",\n    ")}\nfrom (${inner})`;
  if (contract.splitsDosageForm) {
    // 阿托伐他汀口服常释剂型 with no dosage form → generic name 阿托伐他汀, dosage form 口服常释剂型.
    select = `select * exclude (generic_name, dosage_form, form_suffix),
    case when form_suffix is not null then left(generic_name, length(generic_name) - length(form_suffix))
         else generic_name end as generic_name,
    coalesce(dosage_form, form_suffix) as dosage_form
from (select *,
             case when dosage_form is null and length(generic_name) > length(jc_dosage_form_suffix(generic_name))
                  then jc_dosage_form_suffix(generic_name) end as form_suffix
      from (${select}))`;
  }
  return select;
}

/** The first non-blank cell right of the header as {col: 'J 列', value}, or NULL when there is none. */
function overflowExpression({from, to}: Overflow): string {
  const cells = Array.from({length: to - from}, (_, i) => from + i);
  const label = cells.map(
    (i) => `when nullif(trim(c${i}), '') is not null then ${sqlString(`${columnLetters(i)} 列`)}`
  );
  const value = cells.map((i) => `nullif(trim(c${i}), '')`).join(", ");
  return `case when coalesce(${value}) is not null then {'col': case ${label.join(" ")} end, 'value': coalesce(${value})} end`;
}

interface Rule {
  /** The contract column the reject names; its raw text is the rejected value unless `value` says otherwise. */
  column: string;
  condition: string;
  reason: string;
  /** SQL for the column name and value stored with the reject, when they vary by row. */
  columnSql?: string;
  valueSql?: string;
}

function rulesFor(sources: ColumnSources): Rule[] {
  const {contract, matches} = sources;
  const rules: Rule[] = [];
  for (const c of contract.columns) {
    const match = matches.find((m) => m.column === c);
    const n = c.name;
    if (c.required)
      rules.push({
        column: n,
        condition: `${n} is null and not has_${n}`,
        reason: sqlString(c.emptyReason ?? "必填项为空")
      });
    if (!match) continue;
    if (parseFailure[c.type] && !c.canonical) {
      const failure = sqlString(parseFailure[c.type]);
      const reason =
        c.type === "decimal" || c.type === "ratio"
          ? `case when contains(raw_${n}, ',') then ${sqlString(commaFailure)} else ${failure} end`
          : failure;
      rules.push({column: n, condition: `${n} is null and has_${n}`, reason});
    }
    if (sources.controlCharacters) {
      rules.push({
        column: n,
        condition: `regexp_matches(raw_${n}, '${controlClass}')`,
        reason: `'含有不可见的控制字符（' || printf('U+%04X', ord(regexp_extract(raw_${n}, '${controlClass}'))) || '）：Excel 中看不出，但会使编码和名称对不上；请从原系统重新导出，或删去该单元格中的特殊字符后重新载入'`
      });
    }
    // 1.2万 under a （万片） header: 1.2 万 × 万 or 12 000 meant as the header's unit? Neither guess is safe.
    if (c.type === "decimal" && match.multiplier !== 1) {
      rules.push({
        column: n,
        condition: `regexp_matches(raw_${n}, '[万亿]\\s*$')`,
        reason: sqlString(`列标题“${match.header}”已带单位，单元格又写了“万”或“亿”，数值无法确定`)
      });
    }
    if (c.allowed) {
      const list = c.allowed.map(sqlString).join(", ");
      rules.push({
        column: n,
        condition: `${n} not in (${list})`,
        reason: sqlString(`取值不在允许范围内（${c.allowed.join("/")}）`)
      });
    }
    if (c.check === "positive") rules.push({column: n, condition: `${n} <= 0`, reason: "'必须大于 0'"});
    if (c.check === "nonNegative") rules.push({column: n, condition: `${n} < 0`, reason: "'不能为负数'"});
    if (c.check === "score")
      rules.push({column: n, condition: `${n} not between 0 and 100`, reason: "'得分应在 0–100 之间'"});
    if (c.type === "date") {
      rules.push({
        column: n,
        condition: `${n} not between date '1990-01-01' and date '2100-12-31'`,
        reason: "'日期超出范围（1990–2100 年）'"
      });
    }
  }
  for (const group of contract.anyOf ?? []) {
    rules.push({
      column: group.join("|"),
      condition: group.map((n) => `${n} is null`).join(" and "),
      reason: sqlString(`${group.join(" 与 ")} 不能都为空`)
    });
  }
  if (sources.overflow) {
    rules.push({
      column: "",
      condition: "x_overflow is not null",
      reason: sqlString(sources.overflow.reason),
      columnSql: "x_overflow.col",
      valueSql: "x_overflow.value"
    });
  }
  return rules;
}

/**
 * The typed rows plus `is_rejected`, true when any row rule fails: computed in the same pass, so the
 * rejects scan and the insert only read the flag.
 */
export function typedTableSql(sources: ColumnSources, grid: string, firstDataRow: number, columnCount: number): string {
  const rules = rulesFor(sources);
  const flag = rules.length ? `coalesce(${rules.map((r) => `(${r.condition})`).join("\n    or ")}, false)` : "false";
  return `select *, ${flag} as is_rejected\nfrom (${typedSelectSql(sources, grid, firstDataRow, columnCount)})`;
}

/**
 * Every rejected cell of the typed rows given, one per failed rule: (source_row, column_name, value, reason).
 * A row may fail several rules.
 */
export function rejectedCellsSql(sources: ColumnSources, typed: string): string {
  const rules = rulesFor(sources);
  if (!rules.length) {
    return `select null::integer as source_row, null::varchar as column_name, null::varchar as value, null::varchar as reason where false`;
  }
  const items = rules.map(
    (r) =>
      `case when ${r.condition} then {'column_name': ${r.columnSql ?? sqlString(r.column)}, 'value': ${r.valueSql ?? rawOf(r.column)}, 'reason': ${r.reason}} end`
  );
  return `select source_row, unnest(list_filter([${items.join(",\n        ")}], x -> x is not null), recursive := true)
from ${typed}
where is_rejected`;
}

/** How a key column is named in a duplicate message: the file's header, or where its constant came from. */
function keyLabel(sources: ColumnSources, name: string): string {
  const match = sources.matches.find((m) => m.column.name === name);
  if (match) return `“${match.header}”`;
  const column = sources.contract.columns.find((c) => c.name === name)!;
  return name in sources.constants ? `${column.aliases[0]}（整个文件相同）` : `${column.aliases[0]}（文件中没有）`;
}

/** The reason text of a duplicate row: which row it repeats and exactly which columns were equal. */
function duplicateReason(sources: ColumnSources, rowSql: string, sheetSql: string | null, alias: string): string {
  const key = sources.contract.key;
  // Columns the file has (or a constant gives) are equal; those it lacks are blank on both and said apart.
  const equal = key.filter((k) => sources.matches.some((m) => m.column.name === k) || k in sources.constants);
  const blanks = equal.map((k) => `case when ${alias}.${k} is null then ${sqlString(keyLabel(sources, k))} end`);
  const where = sheetSql ? `'工作表“' || ${sheetSql} || '”的'` : "''";
  return `'与' || ${where} || '第 ' || ${rowSql} || ' 行重复：' || ${sqlString(equal.map((k) => keyLabel(sources, k)).join("、"))}
         || ' 都相同' || coalesce('（其中 ' || nullif(concat_ws('、', ${blanks.length ? blanks.join(", ") : "null"}), '') || ' 都为空）', '')`;
}

/**
 * The loaded rows of one load that repeat a natural key: of an earlier row of the same sheet, or of a row an
 * earlier sheet of the same file loaded (a file cannot replace its own rows), as rejects naming that row and
 * the columns that were equal. Found by a grouped scan first (almost always empty), so the per-row window
 * only runs over the repeated keys.
 */
export function duplicateKeysSql(
  sources: ColumnSources,
  table: string,
  loadId: number,
  siblings: {loadId: number; sheet: string | null}[] = []
): string {
  const key = sources.contract.key;
  const sameKey = (a: string, b: string) => key.map((k) => `${a}.${k} is not distinct from ${b}.${k}`).join(" and ");
  const column = sqlString(key.join("+"));
  const within = `with
repeated as (
    select ${key.join(", ")} from ${table} where load_id = ${loadId} group by all having count(*) > 1
),
keyed as (
    select rows.*, min(rows.source_row) over (partition by ${key.map((k) => `rows.${k}`).join(", ")}) as first_row
    from ${table} as rows
    semi join repeated on ${sameKey("rows", "repeated")}
    where rows.load_id = ${loadId}
)
select source_row, ${column} as column_name, null::varchar as value,
       ${duplicateReason(sources, "first_row", null, "keyed")} as reason
from keyed
where source_row <> first_row`;
  if (!siblings.length) return within;
  const sheetCase = `case earlier_load ${siblings.map((s) => `when ${s.loadId} then ${sqlString(s.sheet ?? "")}`).join(" ")} end`;
  return `${within}
union all
select source_row, ${column}, null::varchar, ${duplicateReason(sources, "earlier_row", sheetCase, "dup")}
from (
    select rows.*, earlier.source_row as earlier_row, earlier.load_id as earlier_load,
           row_number() over (partition by rows.source_row order by earlier.load_id, earlier.source_row) as nth
    from ${table} as rows
    inner join ${table} as earlier on ${sameKey("rows", "earlier")}
    where rows.load_id = ${loadId} and earlier.load_id in (${siblings.map((s) => s.loadId).join(", ")})
) as dup
where nth = 1`;
}

function rawOf(column: string): string {
  return column.includes("|") ? "null::varchar" : `raw_${column}`;
}

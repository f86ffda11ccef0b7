"""Turns the DuckDB models into Spark SQL: the models' own files are the only copy of their logic.

Each model is parsed with SQLGlot (DuckDB dialect), its macro calls are expanded inline from the models'
macros.sql (as DuckDB itself expands them), and the tree is written out as Spark SQL. SQLGlot translates most
of the dialect (casts, QUALIFY, date formats, NULL ordering in windows, string escapes); the rewrites below
cover what it leaves in DuckDB's form or translates differently from what DuckDB computes. Macros whose DuckDB
body is a speed path (64-bit rounding) take the generic body from spark_macros.sql instead.

Reads {"macros": [sql, ...], "models": [{"name", "sql"}, ...]} as JSON on stdin and writes
{"models": [{"name", "spark_sql"}, ...]} to stdout; a model that cannot be translated is reported on stderr
with its name and the script exits 1.
"""

import json
import re
import sys

import sqlglot
from sqlglot import exp

MACRO = re.compile(r"create\s+or\s+replace\s+macro\s+(\w+)\s*\(([^)]*)\)\s+as\s+(.*)$", re.I | re.S)


def parse_macros(text):
    """`create or replace macro name(a, b) as <expression>;` statements → {name: (params, expression)}."""
    macros = {}
    body = re.sub(r"--[^\n]*", "", text)
    for statement in re.split(r";\s*(?:\n|$)", body):
        statement = statement.strip()
        if not statement:
            continue
        match = MACRO.match(statement)
        if not match:
            raise ValueError(f"not a macro definition: {statement[:80]}")
        params = [p.strip().lower() for p in match.group(2).split(",") if p.strip()]
        macros[match.group(1).lower()] = (params, sqlglot.parse_one(match.group(3), read="duckdb"))
    return macros


def expand_macros(tree, macros):
    """Replaces every call of a macro by its body with the arguments substituted, until none is left."""

    def substitute(node):
        if not isinstance(node, exp.Anonymous) or node.name.lower() not in macros:
            return node
        params, body = macros[node.name.lower()]
        args = node.expressions
        if len(args) != len(params):
            raise ValueError(f"{node.name} takes {len(params)} arguments, called with {len(args)}")
        # each argument in parentheses, as DuckDB binds it: jc_mul(q, a - b) must not become q * a - b
        bound = {p: a if isinstance(a, (exp.Column, exp.Literal)) else exp.Paren(this=a) for p, a in zip(params, args)}
        inlined = body.copy().transform(lambda n: bind_parameter(n, bound))
        return exp.Paren(this=expand_macros(inlined, macros))

    return tree.transform(substitute)


def bind_parameter(node, bound):
    """A macro parameter in the body as its argument: `p` and a field of it, `p.field` (a STRUCT argument)."""
    if not isinstance(node, exp.Column) or node.args.get("db"):
        return node
    if not node.table and node.name.lower() in bound:
        return bound[node.name.lower()].copy()
    if node.table and node.table.lower() in bound:
        return exp.Dot(this=bound[node.table.lower()].copy(), expression=node.this.copy())
    return node


def call(name, *args):
    return exp.Anonymous(this=name, expressions=list(args))


def anonymous_name(node):
    return node.name.lower() if isinstance(node, exp.Anonymous) else None


def rewrite_function(node):
    """DuckDB functions SQLGlot passes through unchanged, as the Spark function that computes the same."""
    name = anonymous_name(node)
    args = node.expressions if name else []
    if name == "list_reduce":
        if len(args[1].expressions) != 2:
            raise ValueError("list_reduce with an index in its lambda has no Spark form here")
        if len(args) == 3:  # list_reduce(list, lambda, initial) → aggregate(list, initial, lambda)
            return call("aggregate", args[0].copy(), args[2].copy(), args[1].copy())
        # without an initial value DuckDB starts from the first element
        first = call("try_element_at", args[0].copy(), exp.Literal.number(1))
        return call("aggregate", slice_from(args[0], 2), first, args[1].copy())
    if name == "list_bool_or":  # any element true; the lists the models test hold no NULL
        element = exp.to_identifier("element")
        return call("exists", args[0].copy(), exp.Lambda(this=element.copy(), expressions=[element]))
    if name == "list_position":  # DuckDB gives NULL when the element is absent, Spark 0
        return exp.Nullif(this=call("array_position", *[a.copy() for a in args]), expression=exp.Literal.number(0))
    if isinstance(node, exp.RegexpExtract) and isinstance(node.args.get("group"), exp.Array):
        # regexp_extract(s, re, ['a', 'b']) is DuckDB's STRUCT of the groups by name: one call per group
        names = node.args["group"].expressions
        return exp.Struct(
            expressions=[
                exp.alias_(
                    exp.RegexpExtract(
                        this=node.this.copy(), expression=node.expression.copy(), group=exp.Literal.number(k)
                    ),
                    name.name,
                )
                for k, name in enumerate(names, start=1)
            ]
        )
    if isinstance(node, (exp.Transform, exp.ArrayFilter)) and isinstance(node.expression, exp.Lambda):
        if len(node.expression.expressions) == 2:  # (x, i) -> …: DuckDB's i counts from 1, Spark's from 0
            count_from_one(node.expression)
        return node
    if isinstance(node, exp.Literal) and node.is_string and "\\p{Han}" in node.this:
        return exp.Literal.string(node.this.replace("\\p{Han}", "\\p{IsHan}"))  # Java names the script IsHan
    if name == "regexp_split_to_array":
        return call("split", *args)
    if isinstance(node, exp.RegexpFullMatch):  # a whole-string match: RE2's full match as an anchored Java regex
        pattern = node.expression
        if not pattern.is_string:
            raise ValueError("regexp_full_match needs a literal pattern")
        return exp.RegexpLike(this=node.this.copy(), expression=exp.Literal.string(f"^(?:{pattern.this})$"))
    if name == "to_years":  # an interval of n years; Spark adds it to a date clamping 29 Feb as DuckDB does
        return call("make_ym_interval", args[0], exp.Literal.number(0))
    if name == "error":
        return call("raise_error", *args)
    if name == "hash":  # a 64-bit hash: Spark's hash() is 32 bits, too few to key every product text apart
        return call("xxhash64", *node.expressions)
    if isinstance(node, exp.Count) and isinstance(node.this, exp.Distinct):
        # count(distinct (a, b)) counts distinct rows, NULLs included: Spark's count(distinct a, b) skips any
        # row with a NULL, count(distinct struct(a, b)) does not
        values = node.this.expressions
        if len(values) == 1 and isinstance(values[0], exp.Tuple):
            return exp.Count(this=exp.Distinct(expressions=[exp.Struct(expressions=values[0].expressions)]))
    if isinstance(node, exp.Bracket) and len(node.expressions) == 1 and not node.expressions[0].is_string:
        # a list element by position: DuckDB counts from 1 and gives NULL past the end (list_filter(…)[1] of an
        # empty list); Spark's arr[i] counts from 0 and fails in ANSI mode. try_element_at counts from 1. SQLGlot
        # moves a literal index to 0-based (l[1] is held as 0) but leaves any other index as written (l[p] stays
        # p, which Spark would read one element too far).
        # A negative index counts from the end on both engines (SQLGlot holds l[-1] as -2); an index of 0 is NULL
        # in DuckDB and an error in Spark. l[a:b] is a slice, both ends counted from 1 and included.
        index = node.expressions[0]
        if isinstance(index, exp.Slice):
            return list_slice(node.this, index)
        if index.is_int:
            position = index.to_py() + 1
            return call("try_element_at", node.this.copy(), exp.Literal.number(position)) if position else exp.Null()
        return call("try_element_at", node.this.copy(), exp.Nullif(this=index.copy(), expression=exp.Literal.number(0)))
    if isinstance(node, exp.ArrayAgg) and isinstance(node.this, exp.Order):
        return ordered_list(node.this)
    if isinstance(node, exp.Div):
        # DuckDB divides every number as DOUBLE (7 / 2 = 3.5, DECIMAL / DECIMAL is DOUBLE); Spark divides
        # decimals as DECIMAL. Exact quotients go through jc_div, which is DECIMAL on both engines.
        return exp.Div(
            this=exp.cast(node.this.copy(), "double"), expression=exp.cast(node.expression.copy(), "double")
        )
    return node


def slice_from(array, start):
    """The elements of `array` from position `start` (counted from 1) to its end."""
    return call("slice", array.copy(), exp.Literal.number(start), call("size", array.copy()))


def list_slice(array, bounds):
    """DuckDB's l[a:b] (from 1, both ends included; either may be left out) as Spark's slice(l, start, length)."""
    start, end = bounds.this, bounds.expression
    if (start and not start.is_int) or (end and not end.is_int) or (start and start.to_py() < 1):
        raise ValueError("a list slice needs positive literal bounds here")
    first = start.to_py() if start else 1
    if not end:
        return slice_from(array, first)
    return call("slice", array.copy(), exp.Literal.number(first), exp.Literal.number(max(end.to_py() - first + 1, 0)))


def count_from_one(lambda_):
    """In `(x, i) -> body` reads i as i + 1 wherever the body names it: Spark's transform and filter pass the index
    from 0, DuckDB's list_transform and list_filter from 1."""
    index = lambda_.expressions[1].name
    for node in list(lambda_.this.find_all(exp.Identifier)):
        if node.name != index:
            continue
        parent, key = node.parent, node.arg_key
        if isinstance(parent, exp.Lambda):
            raise ValueError(f"a lambda inside a lambda rebinds {index}: rename one")
        if (isinstance(parent, exp.PropertyEQ) and key == "this") or (isinstance(parent, exp.Dot) and key == "expression"):
            continue  # a struct field's name, not the index
        if isinstance(parent, (exp.Alias, exp.TableAlias)) and key == "alias":
            continue
        target = parent if isinstance(parent, exp.Column) and key == "this" and not parent.table else node
        if isinstance(target.parent, exp.Column):
            continue  # a column's table name
        target.replace(exp.Paren(this=exp.Add(this=exp.to_identifier(index), expression=exp.Literal.number(1))))


def rewrite_bottom_up(node):
    """rewrite_function applied to every node, children first, so a rewritten call's arguments are rewritten too
    (SQLGlot's transform does not visit the children of a node it has replaced)."""
    for child in list(node.iter_expressions()):
        rewritten = rewrite_bottom_up(child)
        if rewritten is not child:
            child.replace(rewritten)
    return rewrite_function(node)


def ordered_list(order):
    """`list(x order by k1, k2)` → `transform(sort_array(collect_list(struct(k1 is null, k1, …, x))), e -> e.x)`.
    Spark's collect_list keeps no order (SQLGlot drops the ORDER BY); sorting structs compares field by field,
    and each key's null flag first puts NULLs last as DuckDB does. The wrapping struct is never NULL, so NULL
    elements are kept, as DuckDB's list keeps them."""
    fields = []
    for index, key in enumerate(order.expressions):
        if key.args.get("desc") or key.args.get("nulls_first"):
            raise ValueError("list(… order by … desc / nulls first) has no Spark form here; order ascending")
        fields.append(exp.alias_(exp.Is(this=key.this.copy(), expression=exp.Null()), f"k{index}_null"))
        fields.append(exp.alias_(key.this.copy(), f"k{index}"))
    fields.append(exp.alias_(order.this.copy(), "element"))
    sorted_list = call("sort_array", exp.ArrayAgg(this=exp.Struct(expressions=fields)))
    element = exp.Lambda(this=exp.Dot(this=exp.to_identifier("e"), expression=exp.to_identifier("element")),
                         expressions=[exp.to_identifier("e")])
    return call("transform", sorted_list, element)


def rewrite_range_joins(tree):
    """`cross join range(a, b [, step]) as t(x)` → `cross join lateral explode(sequence(a, b - step, step)) as t(x)`:
    DuckDB's range excludes its end, Spark's sequence includes it."""
    for join in list(tree.find_all(exp.Join)):
        table = join.this
        series = table.this if isinstance(table, exp.Table) else None
        if not isinstance(series, exp.GenerateSeries):
            continue
        start, end = series.args["start"], series.args["end"]
        step = series.args.get("step") or exp.Literal.number(1)
        last = exp.Sub(this=exp.Paren(this=end.copy()), expression=step.copy()) if series.args.get("is_end_exclusive") else end.copy()
        explode = call("explode", call("sequence", start.copy(), last, step.copy()))
        alias = table.args.get("alias")
        join.set("this", exp.Lateral(this=explode, alias=alias.copy() if alias else None))
    return tree


def eliminate_qualify(tree):
    """`SELECT … QUALIFY cond` → `SELECT * EXCEPT (_qualify) FROM (SELECT …, cond AS _qualify) WHERE _qualify`.
    SQLGlot's own rewrite keeps its row-number column in a `SELECT *` (two such CTEs read one another: an
    ambiguous `_w`) and turns `SELECT t.*, u.x` into `SELECT *, x`, which names x twice (price_risk)."""
    for select in reversed(list(tree.find_all(exp.Select))):
        qualify = select.args.get("qualify")
        if not qualify:
            continue
        inner = select.copy()
        inner.set("qualify", None)
        # QUALIFY may name the select list's aliases (int_batches: order by match_rank); Spark reads no alias
        # inside a window, so each becomes its expression
        aliases = {e.alias: e.this for e in inner.expressions if isinstance(e, exp.Alias)}
        qualify = qualify.transform(
            lambda n: exp.Paren(this=aliases[n.name].copy())
            if isinstance(n, exp.Column) and not n.table and n.name in aliases
            else n
        )
        with_ = inner.args.get("with_")
        inner.set("with_", None)
        inner.select(exp.alias_(qualify.this.copy(), "_qualify"), copy=False)
        outer = (
            exp.select(exp.Star(except_=[exp.column("_qualify")]))
            .from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("_qualified"))))
            .where(exp.column("_qualify"))
        )
        if with_:
            outer.set("with_", with_)
        if select is tree:
            tree = outer
        else:
            select.replace(outer)
    return tree


def drop_cte_materialization(tree):
    for cte in tree.find_all(exp.CTE):
        cte.set("materialized", None)
    return tree


def table_references(node, name):
    return [t for t in node.find_all(exp.Table) if not t.args.get("db") and t.name.lower() == name]


def hoist_shared_ctes(tree, model):
    """Each CTE read more than once becomes a step of its own, cached before the model runs.

    Spark inlines a CTE at every reference, so a chain of CTEs each read several times (int_order_months:
    profiles feeds five others) grows the plan exponentially and the analyzer runs out of memory; DuckDB
    materializes such CTEs. A hoisted CTE is named <model>__<cte> and keeps its name as the alias where read.
    """
    with_ = tree.args.get("with_")
    if not with_:
        return [], tree
    ctes = list(with_.expressions)
    steps, kept = [], []
    for index, cte in enumerate(ctes):
        name = cte.alias_or_name.lower()
        readers = [t for later in ctes[index + 1:] for t in table_references(later.this, name)]
        readers += [t for t in table_references(tree, name) if t.find_ancestor(exp.CTE) is None]
        if len(readers) < 2:
            kept.append(cte)
            continue
        step_name = f"{model}__{name}"
        body = cte.this.copy()
        if kept:
            body.set("with_", exp.With(expressions=[k.copy() for k in kept]))
        steps.append({"name": step_name, "sql": body})
        for table in readers:
            alias = table.args.get("alias")
            table.set("this", exp.to_identifier(step_name))
            if not alias:
                table.set("alias", exp.TableAlias(this=exp.to_identifier(name)))
    if kept:
        with_.set("expressions", kept)
    else:
        tree.set("with_", None)
    return steps, tree


def to_spark(sql, macros, model="model"):
    """The model as Spark SQL: the steps to cache first (shared CTEs) and the model's own statement."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    tree = expand_macros(tree, macros)
    tree = drop_cte_materialization(tree)
    tree = eliminate_qualify(tree)
    tree = rewrite_range_joins(tree)
    tree = rewrite_bottom_up(tree)
    steps, tree = hoist_shared_ctes(tree, model)
    return {
        "steps": [{"name": s["name"], "sql": s["sql"].sql(dialect="spark", pretty=True)} for s in steps],
        "spark_sql": tree.sql(dialect="spark", pretty=True),
    }


def main():
    request = json.load(sys.stdin)
    macros = {}
    for text in request["macros"]:
        macros.update(parse_macros(text))
    out = []
    for model in request["models"]:
        try:
            out.append({"name": model["name"], **to_spark(model["sql"], macros, model["name"])})
        except Exception as error:  # noqa: BLE001 - reported to the caller as one line naming the model
            print(f"{model['name']}: {str(error).splitlines()[0] if str(error) else type(error).__name__}", file=sys.stderr)
            sys.exit(1)
    json.dump({"models": out}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    sys.setrecursionlimit(20000)  # rewrite_bottom_up recurses once per level of a deep model's tree
    main()

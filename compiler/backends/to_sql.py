"""The SQL backend: a law's decisions as one query over a table of facts (one row per case).

Takes a `Program` (core IR); gives sqlglot expression trees, and from them SQL text in a dialect
(`duckdb`, `spark`). Every name and literal of the law enters the tree as a quoted identifier or
a literal node, never as text, so a drafter's words can never become SQL. The query reads the
table `facts` (see `compiler.backends.sql_schema` for its columns; it must also hold `_row`, the
case's number) and gives `_row`, `facts_error`, and for each decision `<key>` and `<key>_error`.

Semantics are the interpreter's (`compiler.interpret`): an expression whose evaluation has no
answer (a date moved outside the calendar, a division by zero) is NULL, and `and`, `or`, lists
and quantifiers are arranged so that NULL arises exactly where the interpreter would stop with
an error; a decision with a NULL condition, a conflict or a gap has a NULL value and its error
column names the decision and the provisions, with the interpreter's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlglot import exp

from compiler.backends import sql_schema as schema
from compiler.backends.sql_expr import (ALIAS, DIALECTS, ELEMENT, FACTS_ERROR, ROW, TABLE, Ctx,
                                        ExprCompiler, any_of, case_when, col, decision_refs,
                                        evaluation_message, internal, internal_definition,
                                        is_null)
from compiler.backends.sql_values import ValueCompiler, value_column
from compiler.core import ast as c
from compiler.core import names
from compiler.core.assumptions import applicable, broken_message, fact_paths
from compiler.core.facts import to_json
from compiler.core.semantics import exceptions_closure, is_simple
from compiler.diagnostics import DiagnosticError, error
from compiler.surface import ast as surface

__all__ = ["ALIAS", "DIALECTS", "ELEMENT", "FACTS_ERROR", "ROW", "TABLE", "ExprCompiler",
           "QueryCompiler", "atoms_query", "evaluation_message", "internal",
           "internal_definition", "planned_sql_files", "query", "to_sql"]


LONG_SQL = 400  # see `QueryCompiler.long_definition`


class QueryCompiler(ExprCompiler):
    """A program's decisions as steps (common table expressions) over the table of facts."""

    def __init__(self, program: c.Program) -> None:
        super().__init__(program)
        self.values = ValueCompiler(self)
        self.checked = False  # whether the steps have the facts check (`lawc:facts_error`)

    def rounding(self, e: c.Arith, ctx: Ctx) -> exp.Expr:
        """A rounded value in a condition; in `query`, only on rows whose facts are good (a
        fact outside its bounds could overflow the value's exact type)."""
        value = self.values.number(e, ctx)
        return case_when([(is_null(col("lawc:facts_error")), value)]) if self.checked else value

    def aggregate(self, e: c.Aggregate, ctx: Ctx) -> exp.Expr:
        """A total, greatest or least in a condition; in `query`, only on rows whose facts are
        good (as `rounding`)."""
        value = self.values.number(e, ctx)
        return case_when([(is_null(col("lawc:facts_error")), value)]) if self.checked else value

    def value_refs(self, e: c.Expr, seen: set[str] | None = None) -> list[str]:
        """The value definitions (no subject) `e` reads that can be columns, directly or
        through definitions with a subject (which stay inlined, inside their lambdas)."""
        seen = set() if seen is None else seen
        out: list[str] = []
        for node in c.walk(e):
            if not isinstance(node, c.DefRef) or node.key in seen:
                continue
            seen.add(node.key)
            body = self.program.definitions[node.key].body
            if node.argument is None and self.columnable(node.key):
                out.append(node.key)
            elif body is not None:
                out += self.value_refs(body, seen)
        return out

    def row_dates(self, conditions: list[c.Expr]) -> list[c.Expr]:
        """The dates moved by a duration (`the request's instant arrest date minus 10 years`)
        that read only facts of the row, where `conditions` and the definitions they read
        (those with a subject included) use them: computed once per row in a step
        (`lawc:moved:<n>`), not once per element of a list whose condition uses them."""
        found: list[c.Expr] = []
        seen: set[str] = set()

        def row_only(e: c.Expr) -> bool:
            return all(isinstance(n, (c.Field, c.Root, c.Lit, c.Arith)) for n in c.walk(e))

        def visit(e: c.Expr) -> None:
            for node in c.walk(e):
                if (isinstance(node, c.Arith) and isinstance(node.left.type, c.DateT)
                        and row_only(node) and node not in found):
                    found.append(node)
                elif isinstance(node, c.DefRef) and node.key not in seen:
                    seen.add(node.key)
                    body = self.program.definitions[node.key].body
                    if body is not None:
                        visit(body)

        for condition in conditions:
            visit(condition)
        return found

    def columnable(self, key: str) -> bool:
        d = self.program.definitions[key]
        return d.parameter is None and d.body is not None and not decision_refs(
            d.body, self.program)

    def element_plan(self, conditions: list[c.Expr]) -> dict[str, tuple[exp.Expr, list[str]]]:
        """For each list (by its SQL) a quantifier of the decisions' rules runs over at the row's
        level, the definitions with a subject its condition applies to its variable: computed
        once per element in one column (`lawc:elements:<n>`), not written at each use. A list
        whose definitions are all short and each applied once has none: its quantifier's
        lambda computes them (building a struct per element cost Local Law 62 of 2011 a fifth
        of its query)."""
        plan: dict[str, tuple[exp.Expr, list[str]]] = {}
        uses: dict[tuple[str, str], int] = {}
        for condition in conditions:
            for node in c.walk(condition):
                if not isinstance(node, c.Quant) or node.condition is None or any(
                        isinstance(n, (c.Var, c.DefRef)) for n in c.walk(node.collection)):
                    continue
                keys = [n.key for n in c.walk(node.condition) if isinstance(n, c.DefRef)
                        and isinstance(n.argument, c.Var) and n.argument.name ==
                        node.var.name and self.element_definition(n.key)]
                if not keys:
                    continue
                items = self.expr(node.collection, Ctx({}))
                entry = plan.setdefault(items.sql(), (items, []))
                entry[1].extend(k for k in dict.fromkeys(keys) if k not in entry[1])
                for k in keys:
                    uses[items.sql(), k] = uses.get((items.sql(), k), 0) + 1
        for sql, (items, keys) in list(plan.items()):  # a list worth its elements' structs
            if not any(uses[sql, k] > 1 or self.long_definition(k) for k in keys):
                del plan[sql]
        return plan

    def long_definition(self, key: str) -> bool:
        """Whether a definition with a subject is over `LONG_SQL` characters of SQL (a long
        one is computed in the elements step even where it is applied once)."""
        d = self.program.definitions[key]
        assert d.parameter is not None and d.body is not None
        count = self.count
        text = self.expr(d.body, Ctx({d.parameter.name: exp.to_identifier("_x")})).sql()
        self.count = count  # the lambda variables of the query keep their numbers
        return len(text) > LONG_SQL

    def element_definition(self, key: str) -> bool:
        d = self.program.definitions[key]
        return d.parameter is not None and d.body is not None and not decision_refs(
            d.body, self.program)

    def elements_step(self, plan: dict[str, tuple[exp.Expr, list[str]]]) -> list[exp.Expr]:
        """The columns of `element_plan`: each list's elements as structs of the element
        (`lawc:element`) and each definition's value for it."""
        out: list[exp.Expr] = []
        for number, (sql, (items, keys)) in enumerate(plan.items()):
            x = self.fresh()
            fields = [exp.PropertyEQ(this=exp.to_identifier(ELEMENT, quoted=True),
                                     expression=x.copy())]
            for key in keys:
                d = self.program.definitions[key]
                assert d.parameter is not None and d.body is not None
                value = self.expr(d.body, Ctx({d.parameter.name: x.copy()}))
                fields.append(exp.PropertyEQ(this=exp.to_identifier(internal_definition(key),
                                                                    quoted=True),
                                             expression=value))
            name = f"lawc:elements:{number}"
            out.append(exp.alias_(exp.Transform(this=items, expression=exp.Lambda(
                this=exp.Struct(expressions=fields), expressions=[x.copy()])), name,
                quoted=True))
            self.enriched[sql] = (name, frozenset(keys))
        return out

    def definition_levels(self, conditions: list[c.Expr]) -> list[list[str]]:
        """The value definitions the decisions' rules read, by level: each reads only those
        of earlier levels (one select step per level: a definition is computed once)."""
        level: dict[str, int] = {}

        def visit(key: str, path: tuple[str, ...]) -> int:
            if key not in level:
                body = self.program.definitions[key].body
                assert body is not None
                deps = [visit(k, path + (key,)) for k in self.value_refs(body)
                        if k not in path]
                level[key] = 1 + max(deps, default=-1)
            return level[key]

        for condition in conditions:
            for key in self.value_refs(condition):
                visit(key, ())
        out: list[list[str]] = [[] for _ in range(1 + max(level.values(), default=-1))]
        for key, n in level.items():
            out[n].append(key)
        return out

    def order(self, wanted: list[str]) -> list[str]:
        """`wanted` and the decisions they read, each after those it reads."""
        done: list[str] = []

        def visit(name: str) -> None:
            if name in done:
                return
            for e in c.decision_exprs(self.program.decisions[name]):
                for ref in decision_refs(e, self.program):
                    visit(ref)
            done.append(name)

        for name in wanted:
            visit(name)
        return done

    def rules_step(self, d: c.Decision) -> list[exp.Expr]:
        return [exp.alias_(self.expr(r.condition, Ctx({})), internal(d.name, f"rule:{r.index}"),
                           quoted=True) for r in d.rules]

    def cause(self, d: c.Decision, r: c.Rule) -> exp.Expr:
        """Why rule `r`'s condition has no answer: a decision it reads that has none, or
        arithmetic without an answer."""
        causes: list[exp.Expr] = [col(internal(n, "error"))
                                        for n in decision_refs(r.condition, self.program)]
        message = exp.Literal.string(evaluation_message(d.name))
        return exp.Coalesce(this=causes[0], expressions=causes[1:] + [message]) if causes \
            else message

    def outcome_step(self, d: c.Decision) -> list[exp.Expr]:
        if c.is_computed(d):
            return self.computed_outcome(d)
        applies = {r.index: col(internal(d.name, f"rule:{r.index}")) for r in d.rules}
        fallible = [r for r in d.rules if self.fallible(r.condition)]
        default = self.lit(c.lit_value(d.default), d.type) if d.default is not None else None
        gap = _gap(d)
        if is_simple(d):
            values: list[tuple[exp.Expr, exp.Expr]] = []
            errors: list[tuple[exp.Expr, exp.Expr]] = []
            for r in d.rules:
                a = applies[r.index]
                if r in fallible:
                    values.append((is_null(a), exp.Null()))
                    errors.append((is_null(a), self.cause(d, r)))
                values.append((a.copy(), self.lit(c.lit_value(r.value), d.type)))
                errors.append((a.copy(), exp.Null()))
            value = case_when(values, default)
            error = case_when(errors, None if default is not None else gap)
            if default is not None and not fallible:  # every branch is NULL: no error
                error = exp.cast(exp.Null(), exp.DataType.build("VARCHAR"))
        else:
            value, error = self.general(d, applies, fallible, default, gap)
        return [exp.alias_(value, internal(d.name), quoted=True),
                exp.alias_(error, internal(d.name, "error"), quoted=True)]

    def values_step(self, d: c.Decision) -> list[exp.Expr]:
        """A decision that computes its value: each rule's value (`lawc:<d>:value:<n>`) and
        its default's (`…:value:default`), computed once per row whose facts are good (a fact
        outside its bounds could overflow the value's exact type)."""
        good = is_null(col("lawc:facts_error"))
        parts = [(str(r.index), r.value) for r in d.rules]
        if d.default is not None:
            parts.append(("default", d.default))
        return [exp.alias_(case_when([(good.copy(), self.values.value(e, Ctx({})))]),
                           internal(d.name, f"value:{part}"), quoted=True) for part, e in parts]

    def value_cause(self, d: c.Decision, e: c.Expr) -> exp.Expr:
        """Why a value is NULL: a decision it reads that has no value, or its arithmetic."""
        causes: list[exp.Expr] = [col(internal(n, "error")) for n in decision_refs(e, self.program)]
        message = exp.Literal.string(evaluation_message(d.name))
        return exp.Coalesce(this=causes[0], expressions=causes[1:] + [message]) if causes \
            else message

    def wins(self, d: c.Decision) -> dict[int, exp.Expr]:
        """Each rule's test of deciding: it applies and no exception to it applies."""
        applies = {r.index: col(internal(d.name, f"rule:{r.index}")) for r in d.rules}
        closure = exceptions_closure(d)
        out: dict[int, exp.Expr] = {}
        for r in d.rules:
            beaten = [applies[x].copy() for x in closure[r.index]]
            out[r.index] = exp.paren(exp.And(this=applies[r.index].copy(), expression=exp.Not(
                this=any_of(beaten))), copy=False) if beaten else applies[r.index].copy()
        return out

    def winners_step(self, d: c.Decision) -> list[exp.Expr]:
        """A decision that computes its value and whose rules can disagree: whether each rule
        decides (`lawc:<d>:wins:<n>`) and the value of the first that does (`…:first`)."""
        wins = self.wins(d)
        out = [exp.alias_(wins[r.index], internal(d.name, f"wins:{r.index}"), quoted=True)
               for r in d.rules]
        first = case_when([(wins[r.index].copy(), value_column(d.name, str(r.index)))
                           for r in d.rules])
        return out + [exp.alias_(first, internal(d.name, "first"), quoted=True)]

    def computed_outcome(self, d: c.Decision) -> list[exp.Expr]:
        """As `outcome_step`, for values computed: the rules that decide must give equal
        values (a conflict otherwise, showing each value as the interpreter does: each is
        compared with the first's, so the query grows with the rules, not their pairs); a
        value with no answer gives its cause, the first such of the deciding rules in the
        law's order, after the conditions' own."""
        applies = {r.index: col(internal(d.name, f"rule:{r.index}")) for r in d.rules}
        given = {r.index: value_column(d.name, str(r.index)) for r in d.rules}
        fallible = [r for r in d.rules if self.fallible(r.condition)]
        default = value_column(d.name, "default") if d.default is not None else None
        gap = _gap(d)
        errors: list[tuple[exp.Expr, exp.Expr]] = []
        values: list[tuple[exp.Expr, exp.Expr]] = []
        if is_simple(d):  # stops at the first rule whose condition is NULL or holds
            wins: dict[int, exp.Expr] = dict(applies)
            for r in d.rules:
                if r in fallible:
                    errors.append((is_null(applies[r.index]), self.cause(d, r)))
                    values.append((is_null(applies[r.index]), exp.Null()))
                errors.append((applies[r.index].copy(), case_when(
                    [(is_null(given[r.index]), self.value_cause(d, r.value))])))
                values.append((applies[r.index].copy(), given[r.index].copy()))
        else:
            wins = {r.index: col(internal(d.name, f"wins:{r.index}")) for r in d.rules}
            first = col(internal(d.name, "first"))
            errors += [(is_null(applies[r.index]), self.cause(d, r)) for r in fallible]
            errors += [(exp.And(this=wins[r.index].copy(), expression=is_null(given[r.index])),
                        self.value_cause(d, r.value)) for r in d.rules if self.fallible(r.value)]
            values += [(a.copy(), exp.Null()) for a, _ in errors]
            conflict = any_of([exp.And(this=wins[r.index].copy(), expression=exp.NEQ(
                this=given[r.index].copy(), expression=first.copy())) for r in d.rules[1:]])
            pieces = [case_when([(wins[r.index].copy(), exp.Concat(expressions=[
                exp.Literal.string(f", {r.citation} gives "),
                self.values.words(r.value, given[r.index], Ctx({}))], safe=False))],
                exp.Literal.string("")) for r in d.rules]
            shown = exp.Substring(this=exp.Concat(expressions=pieces, safe=False),
                                  start=exp.Literal.number(3))
            errors.append((conflict.copy(), exp.Concat(expressions=[
                exp.Literal.string(f'conflict in "{d.name}": '), shown], safe=False)))
            values += [(conflict.copy(), exp.Null()), (exp.Not(this=is_null(first)), first.copy())]
        none_decides = exp.Not(this=any_of([w.copy() for w in wins.values()]))
        if d.default is None:
            errors.append((none_decides, gap))
        else:
            assert default is not None
            errors.append((none_decides, case_when(
                [(is_null(default), self.value_cause(d, d.default))])))
        return [exp.alias_(case_when(values, default), internal(d.name), quoted=True),
                exp.alias_(case_when(errors), internal(d.name, "error"), quoted=True)]

    def general(self, d: c.Decision, applies: dict[int, exp.Column], fallible: list[c.Rule],
                default: exp.Expr | None,
                gap: exp.Expr) -> tuple[exp.Expr, exp.Expr]:
        closure = exceptions_closure(d)
        wins: dict[int, exp.Expr] = {}
        for r in d.rules:
            beaten = [applies[x].copy() for x in closure[r.index]]
            wins[r.index] = exp.paren(exp.And(this=applies[r.index].copy(),
                                              expression=exp.Not(this=any_of(beaten))),
                                      copy=False) if beaten else applies[r.index].copy()
        by_value: dict[c.Value, list[exp.Expr]] = {}
        for r in d.rules:
            by_value.setdefault(c.lit_value(r.value), []).append(wins[r.index].copy())
        gives = {v: any_of(w) for v, w in by_value.items()}
        keys = list(gives)
        pairs = [exp.And(this=gives[a].copy(), expression=gives[b].copy())
                 for i, a in enumerate(keys) for b in keys[i + 1:]]
        conflict = any_of(pairs)
        no_answer = any_of([is_null(applies[r.index]) for r in fallible])
        pairs_out: list[tuple[exp.Expr, exp.Expr]] = [(no_answer, exp.Null()),
                                                      (conflict, exp.Null())]
        pairs_out += [(gives[v].copy(), self.lit(v, d.type)) for v in keys]
        value = case_when(pairs_out, default)
        # each winner's words after ", " (others give ""), the first ", " cut off
        pieces = [case_when([(wins[r.index].copy(), exp.Literal.string(
            f", {r.citation} gives {to_json(c.lit_value(r.value))!r}"))], exp.Literal.string(""))
            for r in d.rules]
        shown = exp.Substring(this=exp.Concat(expressions=pieces, safe=False),
                              start=exp.Literal.number(3))
        message = exp.Concat(expressions=[exp.Literal.string(f'conflict in "{d.name}": '),
                                          shown], safe=False)
        errors = [(is_null(applies[r.index]), self.cause(d, r)) for r in fallible]
        errors.append((conflict.copy(), message))
        if default is None:
            errors.append((exp.Not(this=any_of([g.copy() for g in gives.values()])), gap))
        return value, case_when(errors)


def _gap(d: c.Decision) -> exp.Expr:
    """The error of a row no rule decides, with no default; none for a decision `, if
    known`, whose value is then NULL."""
    if d.optional:
        return exp.Null()
    return exp.Literal.string(f'gap in "{d.name}": no rule applies and there is no default')


def _step(select: list[exp.Expr], source: str) -> exp.Select:
    star = exp.Column(this=exp.Star(), table=exp.to_identifier(ALIAS, quoted=True))
    return exp.select(star, *select, copy=False).from_(_source(source), copy=False)


def _source(name: str) -> exp.Table:
    return exp.Table(this=exp.to_identifier(name, quoted=True),
                     alias=exp.TableAlias(this=exp.to_identifier(ALIAS, quoted=True)))


def _shared_steps(qc: QueryCompiler, conditions: list[c.Expr],
                  steps: list[tuple[str, exp.Select]], source: str) -> str:
    """The steps of the value definitions and of the lists' element definitions that
    `conditions` read, appended to `steps` after `source`; gives the last step's name."""
    moved = qc.row_dates(conditions)
    if moved:
        select = []
        for number, e in enumerate(moved):
            select.append(exp.alias_(qc.expr(e, Ctx({})), f"lawc:moved:{number}", quoted=True))
            qc.moved[e] = f"lawc:moved:{number}"
        steps.append(("lawc:moved", _step(select, source)))
        source = "lawc:moved"
    for number, keys in enumerate(qc.definition_levels(conditions)):
        bodies = [(k, qc.program.definitions[k].body) for k in keys]
        select = [exp.alias_(exp.paren(qc.expr(body, Ctx({})), copy=False),
                             internal_definition(k), quoted=True)
                  for k, body in bodies if body is not None]
        steps.append((f"lawc:definitions:{number}", _step(select, source)))
        source = f"lawc:definitions:{number}"
        qc.columns.update(keys)
    plan = qc.element_plan(conditions)
    if plan:
        steps.append(("lawc:elements", _step(qc.elements_step(plan), source)))
        source = "lawc:elements"
    return source


def facts_error(qc: QueryCompiler) -> exp.Expr:
    """The first thing wrong with a row's facts (`sql_schema.facts_error`), else the first
    assumption of the law (`assume … because: …`) the row breaks, in the words of the
    interpreter's `FactsError` (`assessment_date, violation_date: these facts break …`); an
    assumption with no answer (a date moved outside the calendar) names its facts and says so."""
    checks = schema.facts_error(qc.program, ALIAS)
    pairs: list[tuple[exp.Expr, exp.Expr]] = []
    for assumption in applicable(qc.program):
        paths = ", ".join(fact_paths(qc.program, assumption))
        holds = exp.paren(qc.expr(assumption.condition, Ctx({})), copy=False)
        if qc.fallible(assumption.condition):
            pairs.append((is_null(holds), exp.Literal.string(
                f"{paths}: {ASSUMPTION_NO_ANSWER}" if paths else ASSUMPTION_NO_ANSWER)))
        message = broken_message(assumption)
        pairs.append((exp.Not(this=holds.copy()),
                      exp.Literal.string(f"{paths}: {message}" if paths else message)))
    if not pairs:
        return checks
    return exp.Coalesce(this=checks, expressions=[case_when(pairs)])


ASSUMPTION_NO_ANSWER = ("no answer in an assumption about every real case: a date moved "
                        "outside the calendar or a division by zero")


def query(program: c.Program, decisions: list[str] | None = None) -> exp.Select:
    """The query of `decisions` (all of them by default) over the table `facts`."""
    refuse_lengths(program)
    qc = QueryCompiler(program)
    wanted = list(program.decisions) if decisions is None else decisions
    steps: list[tuple[str, exp.Select]] = []
    source = TABLE
    checked = "lawc:facts"
    steps.append((checked, _step([exp.alias_(facts_error(qc), "lawc:facts_error", quoted=True)],
                                 source)))
    qc.checked = True
    ordered = qc.order(wanted)
    source = _shared_steps(qc, [r.condition for n in ordered for r in program.decisions[n].rules],
                           steps, checked)
    for name in ordered:
        d = program.decisions[name]
        rules = qc.rules_step(d)
        if rules:
            steps.append((f"lawc:rules:{names.key(name)}", _step(rules, source)))
            source = f"lawc:rules:{names.key(name)}"
        if c.is_computed(d):
            steps.append((f"lawc:values:{names.key(name)}", _step(qc.values_step(d), source)))
            source = f"lawc:values:{names.key(name)}"
            if not is_simple(d):
                steps.append((f"lawc:winners:{names.key(name)}",
                              _step(qc.winners_step(d), source)))
                source = f"lawc:winners:{names.key(name)}"
        steps.append((f"lawc:outcome:{names.key(name)}", _step(qc.outcome_step(d), source)))
        source = f"lawc:outcome:{names.key(name)}"
    bad = col("lawc:facts_error")
    out: list[exp.Expr] = [col(ROW), exp.alias_(bad.copy(), FACTS_ERROR, quoted=True)]
    for name in wanted:
        key = names.key(name)
        out.append(exp.alias_(case_when([(is_null(bad), col(internal(name)))]), key,
                              quoted=True))
        out.append(exp.alias_(case_when([(is_null(bad), col(internal(name, "error")))],
                                    exp.Concat(expressions=[exp.Literal.string("bad facts: "),
                                                            bad.copy()], safe=False)),
                              f"{key}_error", quoted=True))
    final = exp.select(*out).from_(_source(source))
    for step_name, step in steps:
        final = final.with_(exp.to_identifier(step_name, quoted=True), as_=step, copy=False)
    return final


def refuse_lengths(program: c.Program) -> None:
    """`sql-unsupported` for a decision whose value is a length of time (`a number of years`):
    its column would be a bare whole number, where `decide()` gives an ISO 8601 duration."""
    for d in program.decisions.values():
        if isinstance(d.type, c.DurationT):
            raise DiagnosticError([error(
                "sql-unsupported", "the SQL backend does not compile a decision that is a "
                "length of time", d.span, hint="decide such a law with its Python module or "
                "the interpreter, or make the decision the date it moves")])


def atoms_query(program: c.Program, conditions: Sequence[c.Expr]) -> exp.Select | None:
    """`_row` and each condition (`a0`, `a1`, …: NULL where the interpreter has no answer) of
    the rows of `facts` whose `_row` is in the table `lawc:numbers` (column `n`), with the
    definitions they read computed once, as in `query`; None if one reads a decision."""
    if any(decision_refs(e, program) for e in conditions):
        return None
    qc = QueryCompiler(program)
    steps: list[tuple[str, exp.Select]] = []
    numbers = exp.select(exp.column(exp.to_identifier("n", quoted=True))).from_(
        exp.Table(this=exp.to_identifier("lawc:numbers", quoted=True)))
    wanted = exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier(ALIAS, quoted=True))
                        ).from_(_source(TABLE)).where(exp.In(this=col(ROW),
                                                             query=numbers.subquery()))
    steps.append(("lawc:wanted", wanted))
    source = _shared_steps(qc, list(conditions), steps, "lawc:wanted")
    final = exp.select(col(ROW), *[exp.alias_(qc.expr(e, Ctx({})), f"a{i}", quoted=True)
                                    for i, e in enumerate(conditions)]).from_(_source(source))
    for step_name, step in steps:
        final = final.with_(exp.to_identifier(step_name, quoted=True), as_=step, copy=False)
    return final


def to_sql(program: c.Program, dialect: str = "duckdb", decision: str | None = None,
           pretty: bool = True) -> str:
    """SQL text of the query of one decision (or of all), in `dialect`."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown SQL dialect {dialect!r}; known: {', '.join(DIALECTS)}")
    tree = query(program, None if decision is None else [decision])
    return tree.sql(dialect=dialect, pretty=pretty) + ";\n"


def planned_sql_files(out: Path, programs: list[c.Program], dialect: str) -> dict[Path, str]:
    """`out/<statute path>/<decision>.sql` for every decision of every law, but those with a
    form the SQL backend refuses (`sql-unsupported`: a quotient as a value, a value too large
    to compute exactly; `compiler.backends.sql_values`)."""
    files: dict[Path, str] = {}
    for program in programs:
        if program.kind is not surface.FileKind.LAW:
            continue
        for name in program.decisions:
            try:
                text = to_sql(program, dialect, name)
            except DiagnosticError as exc:
                if all(d.code == "sql-unsupported" for d in exc.diagnostics):
                    continue
                raise
            header = (f"-- {program.title}: {name} ({dialect}).\n-- Generated by lawc from "
                      f"{program.file}; reads the table \"facts\" (docs/sql.md).\n")
            header = "".join(ch for ch in header if ch.isprintable() or ch == "\n")
            files[out / program.path / f"{names.key(name)}.sql"] = header + text
    return files

"""The core IR: a law after name resolution and type checking.

Takes nothing; gives the typed node classes that `compiler.core.from_surface` builds and that the
interpreter, the Python backend and the analysis read, with the helpers every reader of the IR
shares: `ROOT` (the name of the case's own record), `walk` (every node of an expression) and
`Program.fields_of` (the fields of a record, the case's included). Every reference is resolved
(a fact path, a definition, a decision, a bound list element), every expression carries its
type, and the surface's sugar is lowered into a few forms: `is within 10 years before D`
becomes two date comparisons, `the time from A to B is at least D` becomes `A + D <= B`, `has
no X` becomes `not X`.

The module runs past the ~600 lines because it is the one list of every node of the IR (each a
few lines of declaration, no logic but `walk`), so that `c.<Node>` names them all for the
`match`es of the interpreter, the backends and the solver.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from collections.abc import Iterator
from enum import Enum

from compiler.span import NO_SPAN, Span
from compiler.surface import ast as surface

ROOT = "case"  # the record whose fields are the facts of the case (`Program.facts`)

# ----------------------------------------------------------------------------------- types


@dataclass(frozen=True, slots=True)
class BoolT:
    def __str__(self) -> str:
        return "yes or no"


@dataclass(frozen=True, slots=True)
class IntT:
    low: int | None = None
    high: int | None = None

    def __str__(self) -> str:
        return "a whole number"


@dataclass(frozen=True, slots=True)
class DecimalT:
    low: Decimal | None = None
    high: Decimal | None = None

    def __str__(self) -> str:
        return "a decimal number"


@dataclass(frozen=True, slots=True)
class MoneyT:
    low: Decimal | None = None
    high: Decimal | None = None

    def __str__(self) -> str:
        return "money"


@dataclass(frozen=True, slots=True)
class DateT:
    def __str__(self) -> str:
        return "a date"


@dataclass(frozen=True, slots=True)
class DateTimeT:
    """A date and a time of day, to the minute, in the jurisdiction's local time (naive)."""

    def __str__(self) -> str:
        return "a date and time"


@dataclass(frozen=True, slots=True)
class CodeT:
    # the forms a fact's codes must have (`a code of the form "digits.digits"`), or () for any
    # text; not part of the type's identity: every code compares with every other
    forms: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return "a code"


class DurationKind(Enum):
    DAYS = "days"  # days and weeks
    MONTHS = "months"  # months and years
    MINUTES = "minutes"  # hours and minutes, which only a date and time is moved by


UNITS: dict[str, tuple[DurationKind, int]] = {
    "day": (DurationKind.DAYS, 1), "days": (DurationKind.DAYS, 1),
    "week": (DurationKind.DAYS, 7), "weeks": (DurationKind.DAYS, 7),
    "month": (DurationKind.MONTHS, 1), "months": (DurationKind.MONTHS, 1),
    "year": (DurationKind.MONTHS, 12), "years": (DurationKind.MONTHS, 12),
    "minute": (DurationKind.MINUTES, 1), "minutes": (DurationKind.MINUTES, 1),
    "hour": (DurationKind.MINUTES, 60), "hours": (DurationKind.MINUTES, 60),
}


@dataclass(frozen=True, slots=True)
class DurationT:
    kind: DurationKind
    unit: str = "days"  # the unit facts of this type are given in (days, weeks, months, years)
    low: int | None = None
    high: int | None = None

    def __str__(self) -> str:
        return f"a number of {self.unit}"


@dataclass(frozen=True, slots=True)
class EnumT:
    name: str

    def __str__(self) -> str:
        return f'one of the values of "{self.name}"'


@dataclass(frozen=True, slots=True)
class RecordT:
    name: str

    def __str__(self) -> str:
        return f"a {self.name}"


@dataclass(frozen=True, slots=True)
class ListT:
    element: str

    def __str__(self) -> str:
        return f"a list of {self.element} records"


@dataclass(frozen=True, slots=True)
class SetT:
    def __str__(self) -> str:
        return "a set of codes"


@dataclass(frozen=True, slots=True)
class SpanT:
    """`the time from A to B`: only compared with a duration."""

    def __str__(self) -> str:
        return "a length of time"


@dataclass(frozen=True, slots=True)
class ErrorT:
    """The type of an expression that already has an error; it matches everything."""

    def __str__(self) -> str:
        return "unknown"


Type = (
    BoolT | IntT | DecimalT | MoneyT | DateT | DateTimeT | CodeT | DurationT | EnumT | RecordT
    | ListT | SetT | SpanT | ErrorT
)
NUMERIC = (IntT, DecimalT)

# ---------------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True, order=True)
class Duration:
    """An amount of days or of months (a year is 12 months, a week 7 days); lengths of one
    kind are ordered by their amounts (a decision's written-out values are sorted)."""

    amount: int
    kind: DurationKind

    def __str__(self) -> str:
        if self.kind is DurationKind.MONTHS:
            if self.amount % 12 == 0:
                years = self.amount // 12
                return f"{years} year" + ("s" if years != 1 else "")
            return f"{self.amount} month" + ("s" if self.amount != 1 else "")
        if self.kind is DurationKind.MINUTES:
            if self.amount % 60 == 0:
                hours = self.amount // 60
                return f"{hours} hour" + ("s" if hours != 1 else "")
            return f"{self.amount} minute" + ("s" if self.amount != 1 else "")
        return f"{self.amount} day" + ("s" if self.amount != 1 else "")


Value = bool | int | Decimal | datetime.date | datetime.datetime | str | Duration

# ------------------------------------------------------------------------------ expressions


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Lit:
    value: Value
    type: Type
    span: Span = _span()
    percent: bool = False  # written as a percentage (`1.5%` is the decimal 0.015), and so shown


@dataclass(frozen=True, slots=True, kw_only=True)
class Root:
    """The case itself: the record whose fields are the facts (`the person`, `the request`)."""

    type: Type = RecordT(ROOT)
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Var:
    """The list element bound by the innermost quantifier, or a definition's subject (`it`)."""

    name: str  # unique within its definition or rule: "conviction", "conviction_2", …
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    owner: Expr
    record: str
    name: str
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class DefRef:
    """A use of a definition: `the look-back start`, `it is for a covered crime`."""

    key: str  # the definition's key in Program.definitions
    argument: Expr | None
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionRef:
    name: str
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Not:
    operand: Expr
    type: Type = BoolT()
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class And:
    operands: tuple[Expr, ...]
    type: Type = BoolT()
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Or:
    operands: tuple[Expr, ...]
    type: Type = BoolT()
    span: Span = _span()


class CmpOp(Enum):
    EQ = "=="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="


@dataclass(frozen=True, slots=True, kw_only=True)
class Cmp:
    op: CmpOp
    left: Expr
    right: Expr
    type: Type = BoolT()
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class InSet:
    """`x is one of …`: literal members, or a named set of codes."""

    subject: Expr
    members: tuple[Value, ...]
    set_name: str | None
    type: Type = BoolT()
    span: Span = _span()


class ArithOp(Enum):
    ADD = "+"
    SUB = "-"
    MUL = "*"
    DIV = "/"
    MAX = "max"  # the greater of, the later of
    MIN = "min"  # the lesser of, the earlier of
    # rounding: the right operand is the unit (a `Lit`: 1 for a whole dollar or number, 0.01
    # for a cent)
    FLOOR = "rounded down to"
    CEILING = "rounded up to"
    HALF_UP = "rounded half up to"
    HALF_EVEN = "rounded half even to"
    # `A plus 48 hours excluding Saturdays, Sundays and holidays`: the length counted only on
    # the days the `Arith.excluding` does not name (compiler.core.calendar)
    ADD_EXCLUDING = "plus, excluding"


ROUNDINGS = (ArithOp.FLOOR, ArithOp.CEILING, ArithOp.HALF_UP, ArithOp.HALF_EVEN)


@dataclass(frozen=True, slots=True, kw_only=True)
class Arith:
    """Arithmetic on numbers and money, a date moved by a duration (`date + 10 years`), the
    greater or lesser (later or earlier) of two values, and rounding to a unit."""

    op: ArithOp
    left: Expr
    right: Expr
    type: Type
    span: Span = _span()
    excluding: "Excluded | None" = None  # the days not counted, for `ArithOp.ADD_EXCLUDING`


@dataclass(frozen=True, slots=True)
class Excluded:
    """The days a length of time is not counted on: days of the week (0 Monday … 6 Sunday)
    and the days of a calendar of holidays (`the holidays are the days:`), by its name."""

    weekdays: tuple[int, ...]
    calendar: "Calendar | None"
    words: str  # as written: "Saturdays, Sundays and holidays"


@dataclass(frozen=True, slots=True)
class Holiday:
    """One line of a calendar: a fixed day of a month (`January 1`), a weekday of a month
    (`the third Monday in January`: `nth` 1 to 4, or -1 for the last), or one date
    (`1986-12-26`), counted from `start` and until `end` (dates), when given."""

    name: str
    month: int
    day: int | None  # a fixed day of the month
    weekday: int | None  # 0 Monday … 6 Sunday, with nth
    nth: int | None
    date: datetime.date | None
    start: datetime.date | None
    end: datetime.date | None


@dataclass(frozen=True, slots=True)
class Calendar:
    """`the holidays are the days:` and its lines; `observed` maps a weekday (5 Saturday, 6
    Sunday) to the days a holiday on it moves by (-1 the Friday before, +1 the Monday after),
    the holiday itself then observed on that day too."""

    name: str
    holidays: tuple[Holiday, ...]
    observed: tuple[tuple[int, int], ...]
    citation: str | None = None

    def rules(self) -> tuple[tuple[int, int | None, int | None, int | None,
                                   datetime.date | None, datetime.date | None,
                                   datetime.date | None], ...]:
        """The holidays as `compiler.runtime.counted_days` reads them (`HolidayRule`)."""
        return tuple((h.month, h.day, h.weekday, h.nth, h.date, h.start, h.end)
                     for h in self.holidays)


class QuantKind(Enum):
    ANY = "any"
    EVERY = "every"
    NO = "no"
    COUNT = "count"


@dataclass(frozen=True, slots=True, kw_only=True)
class Quant:
    """`any/every/no conviction of the person such that …`, and `the number of …`."""

    kind: QuantKind
    collection: Expr
    var: Var
    condition: Expr | None
    type: Type
    span: Span = _span()


class CodeOpKind(Enum):
    SECTION = "section of"  # `the section of its code`: the code before its first `(`
    STARTS_WITH = "starts with"  # `its code starts with "160."`


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeOp:
    """A code derived from another: `the section of X` (a code: X without its subdivisions,
    the part before its first `(`, `runtime.code_section`), or `X starts with "160."` (yes or
    no; `prefix` is the text)."""

    kind: CodeOpKind
    subject: Expr
    prefix: str
    type: Type
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Known:
    """`the release time is known`: whether a fact, a field or a decision declared `, if
    known` has a value in this case. A rule reads such a value only where a condition before
    it (or the rule's own) says it is known (`core/resolve/known.py`)."""

    subject: Expr  # a Field, or a DecisionRef
    type: Type = BoolT()
    span: Span = _span()


class AggKind(Enum):
    TOTAL = "total"  # of no element: 0
    GREATEST = "greatest"  # of no element: no answer (a `LawEvaluationError`)
    LEAST = "least"


@dataclass(frozen=True, slots=True, kw_only=True)
class Aggregate:
    """`the total/greatest/least of the amounts of the person's incomes such that …`: `measure`
    is read of each element (`var`) of `collection` that meets `condition`."""

    kind: AggKind
    collection: Expr
    var: Var
    measure: Expr
    condition: Expr | None
    type: Type
    span: Span = _span()
    words: str = field(default="", compare=False)  # as written: "the total of the amounts …"


Expr = (
    Lit | Root | Var | Field | DefRef | DecisionRef | Not | And | Or | Cmp | InSet | Arith | Quant
    | CodeOp
    | Known
    | Aggregate
)


def children(e: Expr) -> tuple[Expr, ...]:
    """The expressions directly inside `e`, left to right (a quantifier's variable is not one)."""
    match e:
        case Field(owner=owner):
            return (owner,)
        case DefRef(argument=argument):
            return () if argument is None else (argument,)
        case Not(operand=operand):
            return (operand,)
        case And(operands=operands) | Or(operands=operands):
            return operands
        case Cmp(left=left, right=right) | Arith(left=left, right=right):
            return (left, right)
        case InSet(subject=subject) | CodeOp(subject=subject) | Known(subject=subject):
            return (subject,)
        case Quant(collection=collection, condition=condition):
            return (collection,) if condition is None else (collection, condition)
        case Aggregate(collection=collection, measure=measure, condition=condition):
            return (collection, measure) if condition is None else (
                collection, measure, condition)
    return ()


def walk(e: Expr) -> Iterator[Expr]:
    """Every node of an expression, parents before children, left to right (without recursion)."""
    stack = [e]
    pop, extend = stack.pop, stack.extend
    while stack:
        node = pop()
        yield node
        extend(reversed(children(node)))


def value_key(e: Expr) -> object:
    """What groups rules by the value they give: a written-out value itself, a computed value
    its (structural) expression, so that two rules computing the same way share a group."""
    return e.value if isinstance(e, Lit) else e


def lit_value(e: Expr) -> Value:
    """The value of a written-out value (a yes/no or enum decision's rule gives one)."""
    assert isinstance(e, Lit), "a computed value, where a written-out one is needed"
    return e.value


def is_computed(d: "Decision") -> bool:
    """Whether the decision computes its value: some value is computed (not written out), or
    it is a number, money, a date, a date and time or a length of time, whose values are
    amounts even when all are written out (a dated figure's)."""
    return (isinstance(d.type, (IntT, DecimalT, MoneyT, DateT, DateTimeT, DurationT))
            or any(not isinstance(r.value, Lit) for r in d.rules)
            or (d.default is not None and not isinstance(d.default, Lit)))


def decision_exprs(d: "Decision") -> Iterator[Expr]:
    """Every expression a decision evaluates: its rules' conditions and values, its default."""
    for r in d.rules:
        yield r.condition
        yield r.value
    if d.default is not None:
        yield d.default


# ---------------------------------------------------------------------------- declarations


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldDecl:
    name: str
    type: Type
    span: Span = _span()
    optional: bool = False  # `, if known`: a case may have no value for it (None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    name: str
    fields: dict[str, FieldDecl]
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumDecl:
    name: str  # "conviction class", or the decision's name
    values: tuple[str, ...]
    span: Span = _span()
    codes: tuple[str | None, ...] = ()  # each value's name in code (`as HOLD_48H`), or None


class DefKind(Enum):
    VALUE = "value"  # the look-back start means …
    ATTRIBUTE = "attribute"  # a conviction's look-back end is …
    PREDICATE = "predicate"  # a conviction is for a covered crime if …
    SET = "set"  # the covered sections are: …


@dataclass(frozen=True, slots=True, kw_only=True)
class Definition:
    key: str
    kind: DefKind
    name: str  # the phrase or name as written
    subject: str | None  # the record type of a predicate's or attribute's subject
    parameter: Var | None
    body: Expr | None  # None for a set
    members: tuple[str, ...]  # a set's members
    type: Type
    citation: str | None
    source: surface.Definition
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Provision:
    citation: str
    title: str | None
    quote: tuple[str, ...]
    span: Span = _span()
    # the provision as it stood, for a law stated as patches (compiler/surface/patches.py):
    # `as amended by Local Law 22 of 2013, in force from 2013-07-16`; None for any other law
    stood: str | None = None
    # the law it was read from (`reads:`, compiler/driver/reads.py), as the reading law names
    # it (`us/penalty_table_date`); None for a provision of the law itself
    read_from: str | None = None


@dataclass(frozen=True, slots=True)
class TableRows:
    """The rows of a decision table that a rule stands for (`core/resolve/tables.py`): one row,
    or, under a `collect` policy, the rows that apply together."""

    table: int  # the table's place among the law's tables, from 0
    rows: tuple[int, ...]  # row numbers, from 1
    policy: str  # the hit policy as written: "unique", "first", "collect sum", …

    def words(self) -> str:
        """`row 2`, `rows 1 and 3`."""
        if len(self.rows) == 1:
            return f"row {self.rows[0]}"
        numbers = [str(n) for n in self.rows]
        return "rows " + ", ".join(numbers[:-1]) + " and " + numbers[-1]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    index: int  # position among its decision's rules, from 0
    decision: str
    value: Expr  # a `Lit` for yes/no and enum decisions; any expression of the decision's type
    condition: Expr  # `Lit(True)` for a rule that always applies
    citation: str
    overrides: tuple[int, ...]  # indices of the rules this one is an exception to (direct)
    source: surface.Rule
    span: Span = _span()
    rows: TableRows | None = None  # the decision table's rows it stands for, if any


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    name: str
    type: Type
    default: Expr | None  # like a rule's value: written out, or computed (`$250 times …`)
    question: str | None
    rules: tuple[Rule, ...]
    span: Span = _span()
    optional: bool = False  # `, if known`: where no rule applies its value is None, not a gap


@dataclass(frozen=True, slots=True, kw_only=True)
class Expectation:
    """`expect: the <name> is <value>`: `decision` names a decision, or, where `definition` is
    its key, a named value of the law (`the taxable income`)."""

    decision: str
    value: Lit
    definition: str | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpectedFailure:
    """An example's decision the law cannot decide: `kind` "conflict" (between the provisions
    cited in `between`, when it names any) or "gap"."""

    kind: str
    decision: str
    between: tuple[str, ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Example:
    name: str
    under: tuple[str, ...]
    facts: dict[str, object]  # the JSON-like facts, the same shape `decide()` takes
    expect: tuple[Expectation, ...]
    failures: tuple[ExpectedFailure, ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Assumption:
    """`assume …, because: …`: a condition every real case meets, declared in a law or a
    vocabulary it uses. `words` is the condition as written, `file` the file it is in."""

    condition: Expr
    reason: str
    words: str
    file: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Reported:
    """`reported "…"`: a published count of one outcome (`decision` is `value` for `count` of
    `total` cases dated in the period), which a population must match within `tolerance`
    percentage points (`lawc test --population`)."""

    title: str
    source: str
    start: datetime.date
    end: datetime.date
    date: Expr  # the date of a case the period is of
    decision: str
    value: Lit
    count: int
    total: int
    tolerance: Decimal
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureEntry:
    """One value of a dated figure and the day it takes effect (None: from the beginning)."""

    value: Lit
    start: datetime.date | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class DatedFigure:
    """`figure the <name>:`: a value with a history, oldest first, chosen by the date `by`.
    The figure is also the decision `name`, whose rule `i` gives `entries[i]`
    (core/resolve/dated_figures.py); explanations read this record to name the value used."""

    name: str
    by: Expr  # the date that chooses the value
    entries: tuple[FigureEntry, ...]
    citation: str
    span: Span = _span()

    def entry_on(self, day: datetime.date) -> FigureEntry:
        """The value in force on `day` (the first, if `day` is before every other's day)."""
        chosen = self.entries[0]
        for entry in self.entries:
            if entry.start is not None and entry.start <= day:
                chosen = entry
        return chosen


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeRecord:
    """A decision that is a record of other decisions' values, one named output each (`the
    penalty range: a record of the minimum penalty and the maximum penalty`). It has no rules
    of its own: each output is decided by its decision's default logic."""

    name: str
    fields: tuple[str, ...]  # the decisions, in the order written
    question: str | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Program:
    """One law (or vocabulary) with everything it uses, resolved."""

    path: str  # the statute's path under statutes/, without `.law`: "nyc/local_law_62_2011"
    file: str  # the file it was read from
    kind: surface.FileKind
    title: str
    header: dict[str, str]
    uses: tuple[str, ...]
    records: dict[str, Record]
    enums: dict[str, EnumDecl]
    facts: Record
    definitions: dict[str, Definition]
    decisions: dict[str, Decision]
    provisions: tuple[Provision, ...]
    examples: tuple[Example, ...]
    source_hash: str
    assumptions: tuple[Assumption, ...] = ()
    reported: tuple[Reported, ...] = ()
    dated_by: Expr | None = None  # `dated by:`, the date of a case that decides the law in force
    calendars: dict[str, Calendar] = field(default_factory=dict)  # `the holidays are the days:`
    figures: tuple[DatedFigure, ...] = ()  # the dated figures (each also a decision)
    outcome_records: dict[str, OutcomeRecord] = field(default_factory=dict)  # by name
    span: Span = _span()

    def fields_of(self, record: str) -> dict[str, FieldDecl]:
        """The fields of the record `record`: the facts of the case for `ROOT`."""
        return self.facts.fields if record == ROOT else self.records[record].fields

"""The surface AST: what a drafter wrote, as frozen dataclasses with source spans.

Takes nothing; gives the node classes that `compiler.surface.parse` builds and
`compiler.surface.print` prints. Spans never count for equality, so a file parsed, printed and
parsed again gives an equal tree. Names are kept as written (spaces folded to one). It runs
past the ~600 lines because it is the one list of every construct of the language (each a few
lines), so that `s.<Node>` names them all for the printer's and the resolver's `match`es.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from compiler.span import Span, NO_SPAN


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


# ------------------------------------------------------------------------------------ types


@dataclass(frozen=True, slots=True, kw_only=True)
class Bounds:
    low: Decimal | None
    high: Decimal | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class BoolType:
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class IntType:
    bounds: Bounds | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class DecimalType:
    bounds: Bounds | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class MoneyType:
    bounds: Bounds | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class DateType:
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class DateTimeType:
    """`a date and time`."""

    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeType:
    forms: tuple[str, ...] = ()  # `a code of the form "digits.digits" or ""`: the forms allowed
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class DurationType:
    unit: str
    bounds: Bounds | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumType:
    values: tuple[str, ...]
    codes: tuple[str | None, ...] = ()  # each value's `as NAME` for code, or None; () for none
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class NamedType:
    """`a person`, or `a list of convictions` (a list is recognised when names are resolved)."""

    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeRecordType:
    """`a record of the minimum penalty and the maximum penalty`: a decision's type only, the
    outputs it gathers being decisions of the law."""

    fields: tuple[str, ...]
    span: Span = _span()


TypeExpr = (
    BoolType | IntType | DecimalType | MoneyType | DateType | DateTimeType | CodeType
    | DurationType | EnumType | NamedType | OutcomeRecordType
)

# ------------------------------------------------------------------------------ expressions


class Connective(Enum):
    AND = "and"
    OR = "or"


class Relation(Enum):
    EQUAL = "is"
    ONE_OF = "is one of"
    AT_LEAST = "is at least"
    AT_MOST = "is at most"
    MORE_THAN = "is more than"
    LESS_THAN = "is less than"
    BEFORE = "is before"
    AFTER = "is after"
    ON_OR_BEFORE = "is on or before"
    ON_OR_AFTER = "is on or after"
    WITHIN_BEFORE = "is within … before"
    WITHIN_AFTER = "is within … after"
    WITHIN_OF = "is within … of"
    STARTS_WITH = "starts with"  # `its code starts with "160."`: not after `is`
    KNOWN = "is known"  # `the release time is [not] known`: a fact `, if known` has a value


class Arith(Enum):
    PLUS = "plus"
    MINUS = "minus"
    TIMES = "times"
    DIVIDED_BY = "divided by"
    # `the greater of A and B` (also lesser, later, earlier)
    GREATER = "the greater of"
    LESSER = "the lesser of"
    LATER = "the later of"
    EARLIER = "the earlier of"
    # `$250 for each unauthorized alien`: the right side is the `BareName` of what is counted
    FOR_EACH = "for each"
    PERCENT_OF = "of"  # `20% of the income`: the left side is the percentage
    # `A, rounded down to the whole dollar`: the right side is the `BareName` of the unit
    # (dollar, cent, number)
    ROUND_DOWN = "rounded down to the whole"
    ROUND_UP = "rounded up to the whole"
    ROUND_NEAREST = "rounded to the nearest"  # half up, unless stated
    ROUND_HALF_UP = "rounded to the nearest, half up"
    ROUND_HALF_EVEN = "rounded to the nearest, half even"
    # `A plus 48 hours excluding Saturdays, Sundays and holidays` (a rule's value): the left
    # side is the `A plus 48 hours`, the right the `BareName` of the days as written
    EXCLUDING = "excluding"
    # `2 business days after A` (a rule's value): the left side is the `NumberLit` count, the
    # right the date A; days counted excluding Saturdays, Sundays and the law's holidays
    BUSINESS_DAYS_AFTER = "business days after"


EXTREMES = (Arith.GREATER, Arith.LESSER, Arith.LATER, Arith.EARLIER)
ROUNDINGS = (Arith.ROUND_DOWN, Arith.ROUND_UP, Arith.ROUND_NEAREST, Arith.ROUND_HALF_UP,
             Arith.ROUND_HALF_EVEN)


class Quantifier(Enum):
    ANY = "any"
    EVERY = "every"
    NO = "no"


class ListKind(Enum):
    ALL = "all"
    ANY = "any"
    NONE = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class BoolLit:
    value: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberLit:
    text: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class MoneyLit:
    text: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class DateLit:
    text: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class DurationLit:
    amount: str
    unit: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class StringLit:
    value: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class TheRef:
    """`the person`: a fact of the case, a definition, a decision or a set."""

    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class ItsRef:
    """`its judgment date`: a field of the innermost record in scope."""

    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class ItRef:
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class BareName:
    """An unqualified name: an enumeration value or a predicate (`felony`, `a covered crime`)."""

    name: str
    article: str | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Possessive:
    """`X's name`, also written `the name of X`."""

    owner: Expr
    name: str
    of_form: bool = field(default=False, compare=False)
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Count:
    """`the number of convictions of the person such that …`."""

    element: str
    owner: Expr
    such_that: Expr | None
    span: Span = _span()


class AggregateKind(Enum):
    TOTAL = "total"
    GREATEST = "greatest"
    LEAST = "least"


@dataclass(frozen=True, slots=True, kw_only=True)
class Aggregate:
    """`the total of the amounts of the person's incomes such that …` (`greatest`, `least`)."""

    kind: AggregateKind
    measure: str
    items: Expr
    such_that: Expr | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Call:
    """`the penalty for (the prior order count)`: a definition with a parameter, applied;
    `the claimant's penalty for (2)` calls the owned name "claimant's penalty for". Any other
    owner (`its penalty for (2)`) is kept, for the resolver to refuse."""

    name: str  # up to `for`: "penalty for", "claimant's penalty for"
    argument: Expr
    owner: Expr | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantified:
    """`any conviction of the person such that …` (also `every`, `no`)."""

    quantifier: Quantifier
    element: str
    owner: Expr
    such_that: Expr | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeSpan:
    """`the time from A to B`, compared with a duration."""

    start: Expr
    end: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Arithmetic:
    op: Arith
    left: Expr
    right: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Compare:
    """`subject is [not] <relation> operands…`."""

    subject: Expr
    relation: Relation
    negated: bool
    operands: tuple[Expr, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Has:
    """`the person has [a|no] pending criminal case`; `there is [no] written agreement`."""

    owner: Expr | None  # None for `there is`
    name: str
    article: str | None
    negated: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Not:
    operand: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Chain:
    """`a and b and c`; mixing `and` with `or` is reported when names are resolved."""

    operands: tuple[Expr, ...]
    connectives: tuple[Connective, ...]
    connective_spans: tuple[Span, ...] = field(default=(), compare=False, repr=False)
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Paren:
    inner: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class ListCondition:
    """`all of the following:` / `any of …` / `none of …` with one bullet per line."""

    kind: ListKind
    items: tuple[Expr, ...]
    span: Span = _span()


Expr = (
    BoolLit | NumberLit | MoneyLit | DateLit | DurationLit | StringLit | TheRef | ItsRef | ItRef
    | BareName | Possessive | Count | Aggregate | Call | Quantified | TimeSpan | Arithmetic | Compare | Has | Not
    | Chain | Paren | ListCondition
)

# ------------------------------------------------------------------------------- declarations


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldDecl:
    article: str | None
    name: str
    type: TypeExpr
    span: Span = _span()
    optional: bool = False  # `, if known`: a case may have no value for it


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordDecl:
    article: str
    name: str
    fields: tuple[FieldDecl, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class FactsDecl:
    fields: tuple[FieldDecl, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionDecl:
    name: str
    type: TypeExpr
    default: Expr | None
    question: str | None
    span: Span = _span()
    optional: bool = False  # `, if known`: where no rule applies it has no value (not a gap)


@dataclass(frozen=True, slots=True, kw_only=True)
class PredicateDef:
    """`a conviction is for a covered crime if …`."""

    article: str
    subject: str
    phrase_article: str | None
    phrase: str
    condition: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class AttributeDef:
    """`a conviction's look-back end is its judgment date plus 10 years`."""

    article: str
    subject: str
    name: str
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueDef:
    """`the look-back start means …`."""

    name: str
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class SetDef:
    """`the covered sections are: "120.05", "160.10"`."""

    name: str
    members: tuple[StringLit, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class HolidayLine:
    """`"Labor Day": the first Monday in September` (`name` "Labor Day", `day` the rest)."""

    name: str
    day: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarDef:
    """`the holidays are the days:` and, indented, its holidays and `observed:` lines."""

    name: str
    holidays: tuple[HolidayLine, ...]
    observed: tuple[HolidayLine, ...]  # `observed: on a Saturday, the Friday before` (name "")
    span: Span = _span()


Definition = PredicateDef | AttributeDef | ValueDef | SetDef | CalendarDef


class OverrideKind(Enum):
    NOTWITHSTANDING = "notwithstanding"
    EXCEPT_AS_PROVIDED_IN = "except as provided in"


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    text: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Override:
    kind: OverrideKind
    citations: tuple[Citation, ...]
    span: Span = _span()


class RuleForm(Enum):
    IF = "if"
    UNLESS = "unless"
    ALWAYS = "always"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    override: Override | None
    decision: str
    value: Expr | None  # None: the yes/no shorthand `the X if …`
    form: RuleForm
    condition: Expr | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    text: str
    span: Span = _span()


# ------------------------------------------------------------------------- decision tables


class HitPolicy(Enum):
    """How a decision table's rows decide: `unique` (no two rows may apply to one case),
    `first` (the first row that applies), or `collect` with an aggregate of the rows that
    apply."""

    UNIQUE = "unique"
    FIRST = "first"
    SUM = "collect sum"
    MINIMUM = "collect minimum"
    MAXIMUM = "collect maximum"
    COUNT = "collect count"


@dataclass(frozen=True, slots=True, kw_only=True)
class AnyCell:
    """`-` in a condition column: the row applies whatever the column's fact is."""

    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class TableCell:
    """A cell: the column's fact is [not] `relation` `operands` (`at least 1`; a plain value is
    `EQUAL`); in the outcome column, the rule's value (`operands[0]`, rounded or not)."""

    relation: Relation
    negated: bool
    operands: tuple[Expr, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class TableRow:
    cells: tuple[AnyCell | TableCell, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """`the D is decided by this table (hit policy: …):` with its header (`columns`: the facts
    compared, then the decision's name) and its rows, each a rule of the provision."""

    override: Override | None
    decision: str
    policy: HitPolicy
    columns: tuple[Expr, ...]
    rows: tuple[TableRow, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureEntry:  # one value of a dated figure: `$275 from 1999-09-29` (start None: from the start)
    value: Expr
    start: str | None
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class DatedFigure:  # `figure the first-tier minimum:`, `dated by: …` and its values, oldest first
    name: str
    by: Expr
    entries: tuple[FigureEntry, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Provision:
    citation: Citation
    title: str | None
    body: tuple[Quote | Definition | Rule | Table | DatedFigure, ...]
    span: Span = _span()


# ------------------------------------------------------------------------------- amendments
# A law that `patches:` another's text states its changes by citation (compiler/surface/patches.py
# applies them).


class AmendKind(Enum):
    READ = "is amended to read"
    DEFINE = "is amended to define"
    INSERT = "insert after"
    REPEAL = "is repealed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Amendment:
    """One patch: its kind, the citation it targets (for `insert after`, the provision the new
    ones follow), and the new provisions (`READ`, `INSERT`) or definitions (`DEFINE`); `start`
    is the day it takes effect when it has one of its own (`, in force from YYYY-MM-DD`, at
    `start_span`), None when it takes effect with its law."""

    kind: AmendKind
    target: Citation
    provisions: tuple[Provision, ...] = ()
    definitions: tuple[Definition, ...] = ()
    start: str | None = None
    start_span: Span | None = None
    span: Span = _span()


# --------------------------------------------------------------------------------- examples


@dataclass(frozen=True, slots=True, kw_only=True)
class GivenValue:
    target: Expr
    value: Expr | None  # None: `the release time is not known` (a fact `, if known`)
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class GivenFlag:
    """`the person has [no] X` / `there is [no] X`."""

    owner: Expr | None
    name: str
    article: str | None
    value: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class GivenRecord:
    """`the person has a conviction with:` and the facts of that conviction."""

    owner: Expr
    article: str
    element: str
    facts: tuple[Given, ...]
    span: Span = _span()


Given = GivenValue | GivenFlag | GivenRecord


@dataclass(frozen=True, slots=True, kw_only=True)
class Expectation:
    decision: str
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpectedFailure:
    """`a conflict between § 5 and § 6 in the penalty`, `a gap in the penalty`: the example's
    case is one the law cannot decide. `kind` is "conflict" or "gap"; `between` may be empty.
    `the latest hold end is not known` (kind "unknown"): a decision `, if known` has no value."""

    kind: str
    decision: str
    between: tuple[Citation, ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Example:
    name: str
    under: tuple[Citation, ...]
    given: tuple[Given, ...]
    expect: tuple[Expectation, ...]
    failures: tuple[ExpectedFailure, ...] = ()  # written among the expectations, after them
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Assumption:
    """`assume <condition>` with its reason (`because: …`): what every real case meets."""

    condition: Expr
    reason: str
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Reported:
    """`reported "<title>"`: a published count of one outcome over the cases of a period."""

    title: str
    source: str
    start: str  # ISO dates, as written (checked when resolved)
    end: str
    date: Expr  # the date of a case that the period is of
    decision: str
    value: Expr
    count: int
    total: int
    tolerance: str  # percentage points, as written
    span: Span = _span()


# ---------------------------------------------------------------------------------- the file


class FileKind(Enum):
    LAW = "law"
    VOCABULARY = "vocabulary"
    EXAMPLES = "examples"


@dataclass(frozen=True, slots=True, kw_only=True)
class HeaderField:
    key: str  # jurisdiction, enacts, amends, citation, in force from, in force until, dated by,
    # uses, reads, summary
    value: str  # as written; for `dated by`, the expression as the printer writes it
    expr: Expr | None = None  # `dated by`: the date of a case that decides the law in force
    span: Span = _span()


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    kind: FileKind
    title: str
    fields: tuple[HeaderField, ...]
    span: Span = _span()

    def get(self, key: str) -> str | None:
        for header_field in self.fields:
            if header_field.key == key:
                return header_field.value
        return None

    def get_all(self, key: str) -> tuple[HeaderField, ...]:
        return tuple(f for f in self.fields if f.key == key)


Item = (RecordDecl | FactsDecl | DecisionDecl | Provision | Definition | Example | Assumption
        | Reported | Amendment)


@dataclass(frozen=True, slots=True, kw_only=True)
class File:
    header: Header
    items: tuple[Item, ...]
    span: Span = _span()


def parse_date(text: str) -> datetime.date:
    """`2012-02-20` → a date; raises ValueError for an impossible date such as 2013-02-30."""
    return datetime.date.fromisoformat(text)


def owned_name(e: Expr) -> str | None:
    """The one name `the claimant's age` may stand for, "claimant's age", as a declaration
    spells it (`'s` however the law types its apostrophe); None if `e` is no chain of `'s`
    from `the X`."""
    match e:
        case Possessive(owner=TheRef(name=owner), name=name, of_form=False):
            return f"{owner}'s {name}"
        case Possessive(owner=Possessive() as inner, name=name, of_form=False):
            head = owned_name(inner)
            return None if head is None else f"{head}'s {name}"
    return None

"""The explanation half of lawc's runtime, emitted as `generated/_explain.py` and loaded only
when an explanation is asked for (`runtime.explanation()`, which `explain_<decision>()` reaches
through `rt.FactLog` and the other names below).

Standard library and the runtime's errors only. Gives the explanation model (`Explanation` with
`.text()`, `.markdown()`, `.to_dict()`; `Fact`, `Condition`, `RuleInfo`, `RuleResult`,
`DecisionInfo`), the words of a value (`words`), the text and Markdown renderings, and the
tracing of a case: `FactLog` and `Traced`, a read-only view of a record that logs each fact
read. The tables a trace needs (what each field is called, how its value is written, the paths
of a list's items) are built once per record class and list, not on every read.

The module runs past the ~600 lines because it is copied verbatim as one file,
`generated/_explain.py`, which a generated module loads whole on its first explanation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum
from typing import Any

from compiler.runtime import LawError, LawGap, conflict, length_words  # _explain.py: ._runtime


# ----------------------------------------------------------------------------- explanations
#
# `explain_<decision>(facts)` in a generated module evaluates each rule's top-level conditions
# one by one on a traced copy of the case (every fact read is logged with its path and value)
# and builds an `Explanation`. The plain decision functions never touch any of this.

HOWS = ("yes/no", "enum", "code", "date", "number", "money", "record")  # also unit:, list:, length:


def words(value: object, how: str = "") -> str:
    """A value as the law writes it: yes, felony, "160.10", 2012-02-20, $1,000.00, 5 years. The
    one wording of values: explanations, diffs, witnesses and messages all say a value so."""
    if value is None:  # a decision or fact `, if known` that has no value
        return "not known"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value._value_)  # the member's value, without Enum's descriptor
    if isinstance(value, datetime.datetime):  # 2025-05-28T17:00, as a law writes it
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if how == "code":
        return '"' + str(value) + '"'
    if how == "money" and isinstance(value, Decimal):
        return f"${value:,.2f}"
    if how.startswith("unit:"):
        unit = how[5:]
        return f"{value} {unit[:-1] if value == 1 and unit.endswith('s') else unit}"
    if how.startswith("list:") and isinstance(value, int):
        return f"{value} {how[5:]} record" + ("" if value == 1 else "s")
    if how.startswith("length:"):  # a length of time a decision gives, or a computation shows
        return length_words(value, how[7:])
    return str(value)


def field_words(owner: str, name: str) -> str:
    """`the person`, `the person's date of birth`, `conviction 1's judgment date`."""
    return f"{owner}'s {name}" if owner else f"the {name}"


def item_words(element: str, index: int) -> str:
    return f"{element} {index + 1}"


@dataclass(frozen=True)
class Fact:
    """One fact read: its path in `decide()`'s input, its name in words, its value in words."""

    path: str
    name: str
    value: str

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "name": self.name, "value": self.value}


@dataclass(frozen=True)
class Condition:
    """A top-level condition of a rule as it stands for this case (`holds` None: not
    evaluated, because evaluating it fails), with the facts read to settle it."""

    text: str
    holds: bool | None
    facts: tuple[Fact, ...]

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "holds": self.holds,
                "facts": [f.to_dict() for f in self.facts]}


@dataclass(frozen=True)
class RuleInfo:
    """What a generated module knows of a rule: where it is, what it gives, its conditions
    (`kind`: always, one, all, any or none of `parts`, each said when true and when false)."""

    citation: str
    title: str | None
    quote: tuple[str, ...]
    value: object
    value_words: str
    kind: str
    parts: tuple[tuple[str, str], ...]
    exception_to: tuple[str, ...]
    stood: str | None = None  # `as amended by …, in force from …` (a law stated as patches)


@dataclass(frozen=True)
class RuleResult:
    info: RuleInfo
    applies: bool
    conditions: tuple[Condition, ...]
    decides: bool = False
    overridden_by: tuple[str, ...] = ()

    def reasons(self) -> tuple[Condition, ...]:
        """The conditions that make the rule apply, or that keep it from applying."""
        kind = self.info.kind
        if kind in ("always", "one") or (self.applies and kind in ("all", "none")) or (
                not self.applies and kind == "any"):
            return tuple(c for c in self.conditions if c.holds is not None)
        if kind == "all":  # does not apply: the conditions that fail
            return tuple(c for c in self.conditions if c.holds is False)
        return tuple(c for c in self.conditions if c.holds is True)  # any applies; none fails

    def facts(self) -> tuple[Fact, ...]:
        return _unique(f for c in self.reasons() for f in c.facts)

    def to_dict(self) -> dict[str, object]:
        info = self.info
        return {"citation": info.citation, "title": info.title, "quote": list(info.quote),
                "value": info.value_words, "kind": info.kind, "applies": self.applies,
                "decides": self.decides, "exception_to": list(info.exception_to),
                "overridden_by": list(self.overridden_by),
                "reasons": [c.text for c in self.reasons()],
                "conditions": [{"text": c.text, "holds": c.holds} for c in self.conditions],
                "facts": [f.to_dict() for f in self.facts()],
                **({"stood": info.stood} if info.stood else {})}


def _unique(facts: Iterable[Fact]) -> tuple[Fact, ...]:
    seen: dict[str, Fact] = {}
    for f in facts:
        seen.setdefault(f.path, f)
    return tuple(seen.values())


@dataclass(frozen=True)
class DecisionInfo:
    statute: str
    name: str
    question: str | None
    default: object
    default_words: str | None  # None: the decision has no default
    optional: bool = False  # `, if known`: with no rule that applies and no default, no value


@dataclass(frozen=True)
class Explanation:
    """Why a decision came out as it did, in the law's words: the outcome, the provision that
    decided it (citation, quoted words, the conditions that held, the facts they read), the
    exceptions that overrode other rules, and the provisions that did not apply and why."""

    decision: DecisionInfo
    value: object
    rules: tuple[RuleResult, ...]
    computation: str | None = None  # a computed value's operation with its numbers
    outcome_words: str | None = None  # a computed value in words (`$2,148`)

    @property
    def outcome(self) -> str:
        return self.outcome_words or words(self.value, "enum")

    @property
    def by_default(self) -> bool:
        return not self.deciding

    @property
    def deciding(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if r.decides)

    @property
    def overridden(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if r.applies and not r.decides)

    @property
    def not_applied(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if not r.applies)

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The facts the decisive provisions relied on (with the exceptions that overrode)."""
        return _unique(f for r in self.deciding + self.overridden for f in r.facts())

    def to_dict(self) -> dict[str, object]:
        d = self.decision
        return {"statute": d.statute, "decision": d.name, "question": d.question,
                "outcome": self.outcome, "by_default": self.by_default,
                "default": d.default_words,
                "decided_by": [r.to_dict() for r in self.deciding],
                "overridden": [r.to_dict() for r in self.overridden],
                "not_applied": [r.to_dict() for r in self.not_applied],
                "facts": [f.to_dict() for f in self.facts],
                **({"computation": self.computation} if self.computation else {})}

    def text(self) -> str:
        return render_text(self.to_dict())

    def markdown(self) -> str:
        return render_markdown(self.to_dict())

    def __str__(self) -> str:
        return self.text()


def provision_words(rule: Mapping[str, Any]) -> str:
    """A rule's provision as text: its citation, its title in quotes, and, for a law stated as
    patches, the provision as it stood (`(as amended by …, in force from …)`)."""
    title = f' "{rule["title"]}"' if rule["title"] else ""
    stood = f' ({rule["stood"]})' if rule.get("stood") else ""
    return f"{rule['citation']}{title}{stood}"


def because(rule: Mapping[str, Any]) -> str:
    """Why a rule applies (or, for a rule of "any" conditions, why it does not), in words; the
    one wording of every rendering (text, Markdown, the templates' and the service's HTML)."""
    reasons = list(rule["reasons"])
    if not reasons:
        return "it always applies"
    if rule["kind"] == "any" and not rule["applies"]:
        return "none of its conditions holds: " + "; ".join(reasons)
    return "; ".join(reasons)


def _by_default(e: Mapping[str, Any]) -> str:
    """` by default` after the outcome no provision gave, unless there is no default (a
    decision `, if known` is then not known)."""
    return "" if e["default"] is None else " by default"


def render_text(e: Mapping[str, Any]) -> str:
    """The explanation as plain text (the same words as lawc's text template)."""
    out = [f"{e['statute']}: the {e['decision']} is {e['outcome']}."]
    if e["question"]:
        out.append(f"Question: {e['question']}")
    out.append("")
    for rule in e["decided_by"]:
        exception = (f" (an exception to {', '.join(rule['exception_to'])})"
                     if rule["exception_to"] else "")
        out.append(f"Decided by {provision_words(rule)}{exception}, because "
                   f"{because(rule)}.")
        for line in rule["quote"]:
            out.append(f"  > {line}")
    if e.get("computation"):
        out.append(f"Computed: {e['computation']}")
    if e["by_default"]:
        out.append(f"No provision applies, so the {e['decision']} is {e['outcome']}"
                   f"{_by_default(e)}.")
    if e["facts"]:
        out.append("")
        out.append("Facts relied on:")
        for fact in e["facts"]:
            out.append(f"  - {fact['name']}: {fact['value']}")
    if e["overridden"]:
        out.append("")
        out.append("Overridden by an exception:")
        for rule in e["overridden"]:
            out.append(f"  - {provision_words(rule)} would make it {rule['value']} (because "
                       f"{because(rule)}), but {', '.join(rule['overridden_by'])} "
                       "prevails.")
    if e["not_applied"]:
        out.append("")
        out.append("Provisions considered that did not apply:")
        for rule in e["not_applied"]:
            out.append(f"  - {provision_words(rule)} would make it {rule['value']}, but "
                       f"{because(rule)}.")
    return "\n".join(out) + "\n"


def markdown_escape(text: str) -> str:
    """Text safe inside Markdown: the characters Markdown acts on are escaped."""
    out = []
    for ch in text:
        if ch in "\\`*_[]<>|":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def render_markdown(e: Mapping[str, Any]) -> str:
    """The explanation as Markdown (the same words as lawc's Markdown template)."""
    out = [f"## {markdown_escape(e['statute'])}: the {markdown_escape(e['decision'])} is **{markdown_escape(e['outcome'])}**"]
    if e["question"]:
        out += ["", f"*{markdown_escape(e['question'])}*"]
    for rule in e["decided_by"]:
        exception = (f" (an exception to {markdown_escape(', '.join(rule['exception_to']))})"
                     if rule["exception_to"] else "")
        out += ["", (f"Decided by **{markdown_escape(provision_words(rule))}**{exception}, because "
                     f"{markdown_escape(because(rule))}.")]
        if rule["quote"]:
            out.append("")
            out += [f"> {markdown_escape(line)}" for line in rule["quote"]]
    if e.get("computation"):
        out += ["", f"Computed: {markdown_escape(e['computation'])}"]
    if e["by_default"]:
        out += ["", (f"No provision applies, so the {markdown_escape(e['decision'])} is "
                     f"**{markdown_escape(e['outcome'])}**{_by_default(e)}.")]
    if e["facts"]:
        out += ["", "### Facts relied on", ""]
        out += [f"- {markdown_escape(f['name'])}: **{markdown_escape(f['value'])}**" for f in e["facts"]]
    if e["overridden"]:
        out += ["", "### Overridden by an exception", ""]
        out += [f"- {markdown_escape(provision_words(r))} would make it {markdown_escape(r['value'])} (because "
                f"{markdown_escape(because(r))}), but {markdown_escape(', '.join(r['overridden_by']))} prevails."
                for r in e["overridden"]]
    if e["not_applied"]:
        out += ["", "### Provisions considered that did not apply", ""]
        out += [f"- {markdown_escape(provision_words(r))} would make it {markdown_escape(r['value'])}, but "
                f"{markdown_escape(because(r))}." for r in e["not_applied"]]
    return "\n".join(out) + "\n"


class FactLog:
    """Records every fact read through a `Traced` view of the case.

    A read is logged as (the view it was read through, the attribute, the value): its path
    and its name in words are made only for the reads a condition keeps (the first of each
    fact), and each fact's `Fact` once per explanation, however many conditions read it."""

    def __init__(self, fields: Mapping[str, Mapping[str, tuple[str, str, str]]]) -> None:
        self.fields = fields  # class name → attribute → (JSON key, name in the law, how)
        # (view, attribute, value), or (None, path, (name, value, how)) from read()
        self.reads: list[tuple[Traced | None, str, Any]] = []
        self.facts: dict[tuple[Traced, str], Fact] = {}  # by (view, attribute)

    def trace(self, case: object) -> Any:
        return Traced(case, "", "", self)

    def read(self, path: str, name: str, value: object, how: str) -> None:
        """Log a fact read by other means than a view (the interpreter's explanations)."""
        self.reads.append((None, path, (name, value, how)))

    def fact(self, view: Traced, attribute: str, value: object) -> Fact:
        """The fact read as `view.attribute`, in words (made once per explanation)."""
        known = self.facts.get((view, attribute))
        if known is None:
            at, owner, fields = view_state(view)
            key, name, how = fields[attribute]
            path = f"{at}.{key}" if at else key
            known = Fact(path, field_words(owner, name), words(value, how))
            self.facts[(view, attribute)] = known
        return known

    def condition(self, part: Callable[[Any], object], case: Any, text: tuple[str, str],
                  settled: bool) -> Condition:
        """Evaluate one condition; once the rule is `settled`, an error only marks it."""
        start = len(self.reads)
        try:
            holds = bool(part(case))
        except LawError:
            if not settled:
                raise
            del self.reads[start:]
            return Condition(text[0], None, ())
        first: dict[object, Fact] = {}  # a fact is one view's one attribute, or one path
        for view, attribute, value in self.reads[start:]:
            if view is None:
                if attribute not in first:
                    name, shown, how = value
                    first[attribute] = Fact(attribute, name, words(shown, how))
            elif (view, attribute) not in first:  # a view hashes by identity
                first[(view, attribute)] = self.fact(view, attribute, value)
        return Condition(text[0] if holds else text[1], holds, tuple(first.values()))

    def rule(self, info: RuleInfo, case: Any,
             parts: Sequence[Callable[[Any], object]]) -> RuleResult:
        """Evaluate a rule's conditions in order, as the law does, and then the rest."""
        conditions: list[Condition] = []
        settled = False
        for part, text in zip(parts, info.parts):
            condition = self.condition(part, case, text, settled)
            conditions.append(condition)
            if info.kind == "all" and condition.holds is False:
                settled = True
            if info.kind in ("any", "none") and condition.holds is True:
                settled = True
        holds = [c.holds for c in conditions]
        if info.kind == "always":
            applies = True
        elif info.kind == "one":
            applies = bool(holds[0])
        elif info.kind == "all":
            applies = all(h is True for h in holds)
        elif info.kind == "any":
            applies = any(h is True for h in holds)
        else:
            applies = not any(h is True for h in holds)
        return RuleResult(info, applies, tuple(conditions))


class Traced:
    """A read-only view of a record that logs each fact read (a list: its length).

    The view of a record or of a list's items is made once, on the first read, and kept: the
    same fact is read through the same view, and a path is written once. Every attribute is
    read through `__getattribute__` (a `__getattr__` would be reached only after Python has
    raised and caught an AttributeError, several microseconds a read); the view's own state is
    one slot, read with `object.__getattribute__`."""

    __slots__ = ("_state",)

    def __init__(self, value: object, path: str, owner: str, log: FactLog) -> None:
        # the record, its path, its name in words, the log, its fields' table, and the
        # views made of its records and lists (attribute → a Traced, or a tuple of them)
        inner: dict[str, Any] = {}
        fields = log.fields.get(type(value).__name__, {})
        object.__setattr__(self, "_state", (value, path, owner, log, fields, inner))

    def __getattribute__(self, attribute: str) -> Any:
        value, path, owner, log, fields, inner = _get(self, "_state")
        entry = fields.get(attribute)
        if entry is None:  # not a fact: Python's own (__class__, for isinstance)
            return _get(self, attribute)
        read = getattr(value, attribute)
        if entry[2][0] not in "rl":  # of HOWS, only "record" and "list:…" start so
            log.reads.append((self, attribute, read))
            return read
        known = inner.get(attribute)
        if known is None:
            key, name, how = entry
            at = f"{path}.{key}" if path else key
            if how == "record":
                known = Traced(read, at, field_words(owner, name), log)
            else:
                element = how[5:]
                known = tuple(Traced(item, f"{at}[{i}]", item_words(element, i), log)
                              for i, item in enumerate(read))
            inner[attribute] = known
        if type(known) is tuple:
            log.reads.append((self, attribute, len(read)))
        return known


_get = object.__getattribute__


def view_state(view: Traced) -> tuple[str, str, Mapping[str, tuple[str, str, str]]]:
    """A view's path and its name in words, and the table of its record's fields."""
    _, path, owner, _, fields, _ = _get(view, "_state")
    return path, owner, fields


def _member(value: object, values: type[Enum] | None) -> object:
    return value if values is None or value is None else values(value)


# What decision_info() and rule_infos() built, by the id of the module's constant they read
# (kept with it, so that an id is never taken for another object's): built once, on the first
# explanation of the decision.
_BUILT: dict[int, tuple[object, Any]] = {}


def decision_info(data: tuple[Any, ...], values: type[Enum] | None) -> DecisionInfo:
    """A generated module's literal data about a decision → `DecisionInfo` (values of a list
    of values become members of `values`)."""
    built = _BUILT.get(id(data))
    if built is not None and built[0] is data:
        info: DecisionInfo = built[1]
        return info
    statute, name, question, default, default_words, *optional = data
    info = DecisionInfo(statute, name, question, _member(default, values), default_words,
                        bool(optional and optional[0]))
    _BUILT[id(data)] = (data, info)
    return info


def rule_infos(data: Sequence[tuple[Any, ...]], values: type[Enum] | None
               ) -> tuple[RuleInfo, ...]:
    """A generated module's literal data about a decision's rules → `RuleInfo`s."""
    built = _BUILT.get(id(data))
    if built is not None and built[0] is data:
        infos: tuple[RuleInfo, ...] = built[1]
        return infos
    infos = tuple(RuleInfo(citation, title, tuple(quote), _member(value, values), value_words,
                           kind, tuple(tuple(p) for p in parts), tuple(exception_to), *stood)
                  for (citation, title, quote, value, value_words, kind, parts, exception_to,
                       *stood) in data)
    _BUILT[id(data)] = (data, infos)
    return infos


def money_words(value: Decimal) -> str:
    """An amount of money as a computation shows it: `$2,148`, `$925.93`."""
    if value == value.to_integral_value():
        return f"${int(value):,}"
    return f"${value:,.2f}"


def with_value(explained: Explanation, value: object, how: str) -> Explanation:
    """The explanation of a decision that computes its value, with the value computed for the
    case (`how`: "money" for an amount, else as `words` says it)."""
    shown = money_words(value) if how == "money" and isinstance(value, Decimal) else words(
        value, how)
    return replace(explained, value=value, outcome_words=shown)


# -- computations: what `compiler/explain/compute.py` shows, for the generated explanations
def amount_words(value: object, how: str = "") -> str:
    """A value as a computation shows it: `$2,148` (`how` "money"), `0.075`, `2020-03-31`."""
    if how == "money" and isinstance(value, Decimal):
        return money_words(value)
    if how.startswith("length:"):
        return length_words(value, how[7:])
    if isinstance(value, datetime.datetime):  # 2025-05-28T17:00, as a law writes it
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def operand_words(shown: str, value: str) -> str:
    """An operand: its value, and for an operation, the operation and then its value."""
    return shown if shown == value else f"{shown} ({value})"


def aggregate_words(words: str, terms: Sequence[str], value: str, top: bool) -> str:
    """An aggregate in a computation: `the total of the amounts of the person's incomes ($100 +
    $50 = $150)`, or as the whole computation `the total of …: $100 + $50` (its result follows);
    the terms (of a total of a field of every element) only when there are two or more."""
    if len(terms) > 1:
        if top:
            return f"{words}: {' + '.join(terms)}"
        return f"{words} ({' + '.join(terms)} = {value})"
    return words if top else f"{words} ({value})"


def count_words(value: object, noun: str) -> str:
    """A count fact as its number of things: `3 unauthorized aliens`."""
    return f"{value} {noun}" + ("" if value == 1 else "s")


def figure_words(day: datetime.date, entries: Sequence[tuple[str, datetime.date | None]],
                 name: str | None) -> str:
    """The value of a dated figure in force on `day`, of `entries` (its values' words and
    days, oldest first): `$716 (the first-tier minimum, in force from 2025-01-02)`, or without
    a name `$716, in force from 2025-01-02`."""
    value, start = entries[0]
    for words_, day_ in entries:
        if day_ is not None and day_ <= day:
            value, start = words_, day_
    later = [d for _, d in entries if d is not None]
    when = (f"in force from {start.isoformat()}" if start is not None else
            f"before {later[0].isoformat()}" if later else "")
    if name is None:
        return f"{value}, {when}" if when else value
    return f"{value} (the {name}, {when})" if when else f"{value} (the {name})"


def computation_text(steps: str, result: str, citation: str | None) -> str:
    """`<the operation with its numbers> = <the result> (<citation>)`."""
    where = f" ({citation})" if citation else ""
    return f"{result}{where}" if steps == result else f"{steps} = {result}{where}"


def computed_results(results: Sequence[RuleResult], values: Sequence[Any], case: object,
                     how: str) -> tuple[RuleResult, ...]:
    """Each rule that applies with the value it computes for the case (`values`: one function
    of the case a rule)."""
    out = []
    for r, value in zip(results, values):
        if r.applies:
            v = value(case)
            r = replace(r, info=replace(r.info, value=v, value_words=amount_words(v, how)))
        out.append(r)
    return tuple(out)


def computed_default(decision: DecisionInfo, value: object, how: str) -> DecisionInfo:
    return replace(decision, default=value, default_words=amount_words(value, how))


def with_computation(explained: Explanation, steps: Sequence[Any], default: Any, case: object,
                     how: str, figure: bool = False) -> Explanation:
    """The explanation with the computation of the rule that decided (`steps`: one function of
    the case a rule, giving its operation with its numbers), or of the default; a dated
    figure's steps are its value and day, shown as the result (`$716, in force from …`)."""
    if explained.value is None and default is None:  # `, if known`, and not known
        return explained
    for r, shown in zip(explained.rules, steps):
        if r.decides:
            text = shown(case)
            result = text if figure else amount_words(explained.value, how)
            return replace(explained, computation=computation_text(text, result,
                                                                   r.info.citation))
    result = amount_words(explained.value, how)
    return replace(explained, computation=computation_text(default(case), result, None))


def explain(decision: DecisionInfo, results: Sequence[RuleResult],
            closure: Sequence[Sequence[int]]) -> Explanation:
    """The decided value from the rules' results, as the decision function decides it."""
    applies = [r.applies for r in results]
    final: list[RuleResult] = []
    for i, r in enumerate(results):
        blockers = [results[b].info.citation for b in closure[i] if applies[b]]
        final.append(RuleResult(r.info, r.applies, r.conditions,
                                r.applies and not blockers, tuple(dict.fromkeys(blockers))))
    values: list[object] = []
    for r in final:
        if r.decides and r.info.value not in values:
            values.append(r.info.value)
    if len(values) > 1:
        raise conflict(decision.name, [(r.info.citation, r.decides, r.info.value)
                                       for r in final])
    if values:
        return Explanation(decision, values[0], tuple(final))
    if decision.default_words is None and decision.optional:
        return Explanation(decision, None, tuple(final), outcome_words="not known")
    if decision.default_words is None:
        raise LawGap(decision.name)
    return Explanation(decision, decision.default, tuple(final))

"""Diagnostics: one object for every problem lawc reports, and its renderings.

Takes spans and messages from the passes; gives `Diagnostic`, `DiagnosticError` (raised by a pass
that cannot go on), `Diagnostics` (a collector) and the renderers `render_human`, `render_gnu`,
`render_json`, and for CI `render_github` (GitHub workflow commands) and `render_sarif`
(SARIF 2.1.0, for code-scanning services). The stable codes are listed in `CODES` and documented in
docs/diagnostics.md (a test keeps the two in step).
"""

from __future__ import annotations

import difflib
import json
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from compiler.span import Span


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


CODES: dict[str, str] = {
    # reading the file
    "syntax": "the file does not follow the grammar of the language",
    "bad-indent": "a line is indented to a depth that no block above it has",
    "bad-text": "the file is not UTF-8 text, or holds a character the language does not allow",
    "bad-literal": "a date, number or amount that cannot exist (2013-02-30)",
    "mixed-and-or": "`and` and `or` on one line without a list to group them",
    "missing-reason": "an assumption about facts without its reason (`because:`)",
    "bad-figure": "a reported figure whose period ends before it starts or whose count exceeds "
                  "its total",
    # dated figures
    "figure-same-day": "a dated figure with two values taking effect on one day",
    "figure-out-of-order": "a dated figure whose values are not written oldest first",
    # the law in force
    "bad-period": "a law in force until a day before it is in force from",
    "overlapping-versions": "two versions of one section in force on the same day",
    "timeline-hole": "days between two versions of a section that no version covers",
    "amendment-before-law": "an amendment in force before the law that enacts the section",
    "amendment-target-missing": "an amendment of a citation (or a definition) that the amended "
                                "text does not have on that day",
    "double-amendment": "two patches of one provision on one day",
    "patch-before-law": "a patch dated before the law that makes it is in force",
    "patch-after-law": "a patch dated after the law that makes it is no longer in force",
    "unknown-amended-law": "`patches:` names no law, or a chain of patches comes back to itself",
    # names
    "unknown-name": "a name that nothing declares",
    "unknown-field": "a record has no field of that name",
    "unknown-type": "a type name that is neither built in nor a declared record",
    "unknown-value": "an enumeration has no value of that name",
    "unknown-citation": "a citation that no provision of this law carries",
    "unknown-vocabulary": "`uses:` names a vocabulary file that does not exist",
    "unknown-law": "`reads:` names no law: no such file, a vocabulary, or a path outside "
                   "the statutes folder",
    "read-cycle": "laws that read one another in a cycle",
    "name-clash": "a name or citation that a law and a law it reads both declare",
    "duplicate": "a name, citation or example declared twice",
    "ambiguous-name": "a name that could mean two different things here",
    "no-its": "`its` or `it` outside a record's scope",
    # types
    "type-mismatch": "an expression of one type where another is needed",
    "not-a-list": "a quantifier over something that is not a list",
    "out-of-bounds": "a value outside the bounds its type declares",
    "needs-rounding": "money that can have fractions of a cent where the law states no rounding",
    "maybe-unknown": "a fact or decision declared `, if known` read where nothing says it is known",
    "always-known": "`is known` of a fact or decision not declared `, if known`",
    "known-with-default": "a decision declared `, if known` that also has a default",
    # decisions and rules
    "unknown-decision": "a rule or example names a decision this law does not declare",
    "bad-override": "an exception names a provision with no rule for the same decision",
    "override-cycle": "exceptions that override one another in a circle",
    "definition-cycle": "a definition that depends on itself",
    "missing-argument": "a definition with a parameter used without one",
    "too-deep": "a condition nested more deeply than a Python module can hold",
    "table-shape": "a decision table whose rows and columns do not match, or too large",
    "table-cell": "a cell of a decision table that cannot stand where it is",
    "table-overlap": "two rows of a unique decision table that can apply to one case",
    "wrong-file-kind": "a construct that this kind of file cannot hold",
    # examples
    "example-failed": "an example's decision is not what it expects",
    "example-error": "an example that cannot be evaluated (a missing fact, a conflict, a gap)",
    # analysis
    "conflict": "two rules can both apply and give different values",
    "gap": "a case where no rule applies and there is no default",
    "dead-rule": "a rule that can never decide the outcome",
    "redundant-exception": "an exception that never changes the outcome",
    "unused": "a fact or definition that no decision reads",
    "undecided": "checks the solver could not decide in time (named in the notes)",
    # generated code and files
    "stale": "a generated file differs from what the statute compiles to",
    "io": "a file could not be read or written",
    "bad-file-name": "a law's file or folder name cannot name a Python module",
    "sql-unsupported": "a construct the SQL backend does not compile",
}


@dataclass(frozen=True, slots=True)
class Label:
    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    span: Span
    labels: tuple[Label, ...] = ()
    hint: str | None = None
    context: str | None = None  # e.g. "in § 9-131(b)"
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        assert self.code in CODES, f"undocumented diagnostic code {self.code!r}"
        # a message names what the drafter wrote, which may hold a newline or a control
        # character (`law "\n"`): shown escaped, so that every message stays on its line
        object.__setattr__(self, "message", one_line(self.message))
        if self.context is not None:
            object.__setattr__(self, "context", one_line(self.context))
        if any(not label.message.isprintable() for label in self.labels):
            object.__setattr__(self, "labels", tuple(Label(label.span, one_line(label.message))
                                                     for label in self.labels))
        if self.hint is not None:  # hints and notes may run over lines of their own
            object.__setattr__(self, "hint", _lines(self.hint))
        object.__setattr__(self, "notes", tuple(_lines(note) for note in self.notes))


def one_line(text: str) -> str:
    """The text with line breaks, tabs and other invisible characters written as escapes."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _lines(text: str) -> str:
    return "\n".join(one_line(line) for line in text.split("\n"))


def error(code: str, message: str, span: Span, *, hint: str | None = None,
          context: str | None = None, labels: Sequence[Label] = (),
          notes: Sequence[str] = ()) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, span, tuple(labels), hint, context,
                      tuple(notes))


def warning(code: str, message: str, span: Span, *, hint: str | None = None,
            context: str | None = None, labels: Sequence[Label] = (),
            notes: Sequence[str] = ()) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, span, tuple(labels), hint, context,
                      tuple(notes))


class DiagnosticError(Exception):
    """Raised by a pass that cannot go on; carries every diagnostic collected so far."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = tuple(diagnostics)


class Diagnostics:
    """A collector: passes add to it and go on, so that every error is reported at once."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise DiagnosticError(self.items)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a mistyped name, as a hint, or None.

    >>> did_you_mean("pending criminl case", ["pending criminal case", "date of birth"])
    'did you mean "pending criminal case"?'
    """
    pool = sorted(set(candidates))
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        matches = [lowered[m] for m in difflib.get_close_matches(word.lower(), list(lowered),
                                                                  n=1, cutoff=0.6)]
    return f'did you mean "{matches[0]}"?' if matches else None


# ------------------------------------------------------------------------------- rendering


class SourceCache:
    """The text of every file a diagnostic points into, read once."""

    def __init__(self, sources: dict[str, str] | None = None) -> None:
        self.sources: dict[str, str] = dict(sources or {})

    def line(self, file: str, number: int) -> str | None:
        text = self.sources.get(file)
        if text is None:
            try:
                with open(file, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
            except OSError:
                return None
            self.sources[file] = text
        lines = text.split("\n")  # only \n ends a line of a .law file
        return lines[number - 1] if 1 <= number <= len(lines) else None


def _caret_block(span: Span, sources: SourceCache, label: str = "") -> list[str]:
    text = sources.line(span.file, span.line)
    if text is None:
        return []
    gutter = " " * len(str(span.line))
    width = (span.end_column - span.column) if span.end_line == span.line else (
        len(text) - span.column + 1)
    width = max(1, width)
    shown = text.replace("\t", " ")
    marker = " " * (span.column - 1) + "^" * width + (f" {label}" if label else "")
    return [f"{gutter} |", f"{span.line} | {shown}", f"{gutter} | {marker}"]


def render_human(diagnostic: Diagnostic, sources: SourceCache, *, color: bool = False) -> str:
    """The form a drafter reads: message, place, the line with a caret, citation, hint."""
    severity = diagnostic.severity.value
    if color:
        paint = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "note": "\x1b[1;36m"}[severity]
        head = f"{paint}{severity}[{diagnostic.code}]\x1b[0m\x1b[1m: {diagnostic.message}\x1b[0m"
    else:
        head = f"{severity}[{diagnostic.code}]: {diagnostic.message}"
    lines = [head, f"  --> {diagnostic.span}"]
    lines += ["  " + line for line in _caret_block(diagnostic.span, sources)]
    for label in diagnostic.labels:
        lines.append(f"  --> {label.span}: {label.message}")
        lines += ["  " + line for line in _caret_block(label.span, sources)]
    pad = " " * (len(str(diagnostic.span.line)) + 3)
    if diagnostic.context:
        lines.append(f"{pad}= {diagnostic.context}")
    for note in diagnostic.notes:
        for i, part in enumerate(note.splitlines()):
            lines.append(f"{pad}{'= note: ' if i == 0 else '        '}{part}")
    if diagnostic.hint:
        for i, part in enumerate(diagnostic.hint.splitlines()):
            lines.append(f"{pad}{'= help: ' if i == 0 else '        '}{part}")
    return "\n".join(lines)


def render_gnu(diagnostic: Diagnostic) -> str:
    """One line for editors and CI: `file:line.col-col: error: message [code]`."""
    span = diagnostic.span
    if span.end_line == span.line:
        where = f"{span.file}:{span.line}.{span.column}-{span.end_column}"
    else:
        where = f"{span.file}:{span.line}.{span.column}-{span.end_line}.{span.end_column}"
    hint = f" ({' '.join(diagnostic.hint.splitlines())})" if diagnostic.hint else ""
    return f"{where}: {diagnostic.severity.value}: {diagnostic.message}{hint} [{diagnostic.code}]"


def to_dict(diagnostic: Diagnostic) -> dict[str, object]:
    def span_dict(span: Span) -> dict[str, object]:
        return {"file": span.file, "line": span.line, "column": span.column,
                "end_line": span.end_line, "end_column": span.end_column}

    return {
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "span": span_dict(diagnostic.span),
        "labels": [{"span": span_dict(l.span), "message": l.message} for l in diagnostic.labels],
        "hint": diagnostic.hint,
        "context": diagnostic.context,
        "notes": list(diagnostic.notes),
    }


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([to_dict(d) for d in diagnostics], indent=2, ensure_ascii=False)


# ------------------------------------------------------------------------- renderings for CI

DOCS_PAGE = "docs/diagnostics.md"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def _github_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner reads it back."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value: the message escapes, and `:` and `,` too."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _full_text(diagnostic: Diagnostic) -> str:
    """The message with its context, notes and hint, a line each (for annotations)."""
    lines = [diagnostic.message]
    if diagnostic.context:
        lines.append(diagnostic.context)
    lines.extend(diagnostic.notes)
    if diagnostic.hint:
        lines.append(f"help: {diagnostic.hint}")
    return "\n".join(lines)


def render_github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command, which the runner shows as an annotation on the line:
    `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=T::message`. The end column is
    that of the last character (GitHub's columns are inclusive)."""
    span = diagnostic.span
    props = [("file", span.file)]
    if span.line >= 1:
        props += [("line", str(span.line)), ("col", str(max(1, span.column))),
                  ("endLine", str(max(span.line, span.end_line))),
                  ("endColumn", str(max(span.column, span.end_column - 1)))]
    props.append(("title", f"lawc {diagnostic.code}"))
    shown = ",".join(f"{key}={_github_property(value)}" for key, value in props)
    return f"::{_GITHUB_LEVEL[diagnostic.severity]} {shown}::{_github_data(_full_text(diagnostic))}"


def _sarif_location(span: Span, message: str | None = None) -> dict[str, object]:
    physical: dict[str, object] = {"artifactLocation": {"uri": span.file.replace("\\", "/"),
                                                        "uriBaseId": "%SRCROOT%"}}
    if span.line >= 1:
        physical["region"] = {"startLine": span.line, "startColumn": max(1, span.column),
                              "endLine": max(span.line, span.end_line),
                              "endColumn": max(span.column + 1, span.end_column)}
    location: dict[str, object] = {"physicalLocation": physical}
    if message is not None:
        location["message"] = {"text": message}
    return location


def sarif_log(diagnostics: Sequence[Diagnostic], *, version: str = "",
              help_uri: str | None = None) -> dict[str, object]:
    """A SARIF 2.1.0 log of one run: a rule for each diagnostic code (its meaning from
    `CODES`), and a result for each diagnostic.

    SARIF asks that `helpUri` and `informationUri` be absolute URIs, and lawc knows no address
    its documentation is published at, so they are written only when `help_uri` gives one (the
    page of `docs/diagnostics.md`; each rule's help is at `#codes`). Without it each rule's
    `help` text names that page. A relative `help_uri` is refused with `ValueError`."""
    if help_uri is not None and not urllib.parse.urlsplit(help_uri).scheme:
        raise ValueError(f"help_uri must be an absolute URI, not {help_uri!r}")
    codes = list(CODES)
    index = {code: i for i, code in enumerate(codes)}
    rules: list[dict[str, object]] = []
    for code in codes:
        rule: dict[str, object] = {
            "id": code, "name": code.title().replace("-", ""),
            "shortDescription": {"text": CODES[code]},
            "fullDescription": {"text": CODES[code]},
            "help": {"text": f"{code}: {CODES[code]}; see {help_uri or DOCS_PAGE} in lawc"}}
        if help_uri is not None:
            rule["helpUri"] = f"{help_uri}#codes"
        rules.append(rule)
    results = []
    for d in diagnostics:
        result: dict[str, object] = {
            "ruleId": d.code, "ruleIndex": index[d.code], "level": d.severity.value,
            "message": {"text": _full_text(d)},
            "locations": [_sarif_location(d.span)]}
        if d.labels:
            result["relatedLocations"] = [dict(_sarif_location(label.span, label.message), id=i)
                                          for i, label in enumerate(d.labels)]
        results.append(result)
    driver: dict[str, object] = {"name": "lawc", "rules": rules}
    if help_uri is not None:
        driver["informationUri"] = help_uri
    if version:
        driver["version"] = version
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints",
                      "originalUriBaseIds": {"%SRCROOT%": {"description": {
                          "text": "the folder lawc was run in"}}},
                      "results": results}]}


def render_sarif(diagnostics: Sequence[Diagnostic], *, version: str = "") -> str:
    """The SARIF 2.1.0 log of `sarif_log` as JSON text."""
    return json.dumps(sarif_log(diagnostics, version=version), indent=2, ensure_ascii=False)

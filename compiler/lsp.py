"""`lawc lsp`: a language server for `.law` files (stdio), built on pygls 2.

Takes the editor's open documents (their text as typed, not as saved); gives live diagnostics
(the messages and codes of `lawc check`: parse, names and types on every change, and the
solver's conflicts, gaps and dead rules too when a document is opened or saved, read from the
analysis cache `lawc check` keeps when it holds the same law), hover (a
provision's quoted law text, a fact's or field's declaration and comment, a definition's
meaning in English, a decision's values), go to definition and find references (names,
citations, `uses:` vocabularies), completion of fact, field, definition, decision and record
names, and whole-document formatting through `lawc fmt`'s `canonical` (no edit for a file it
leaves as it is). Answers come from `compiler.lsp_index.LawIndex`, rebuilt on each change; the
last index that checked keeps answering while the text does not. In a companion examples file a
keystroke parses again only the example it falls in (`lsp_index.BlockParser`).

Run as `lawc lsp` (`compiler/cli/lsp.py`, through `driver.language_server`) or
`python -m compiler.lsp`; needs the `lsp` extra (`pip install 'lawc[lsp]'`).
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from compiler import __version__, driver
from compiler.core import ast as c
from compiler.diagnostics import Diagnostic, DiagnosticError, Severity
from compiler.lsp_index import BlockParser, LawIndex, Place, Symbol, display, load_text
from compiler.surface import ast as s

SEVERITY = {Severity.ERROR: lsp.DiagnosticSeverity.Error,
            Severity.WARNING: lsp.DiagnosticSeverity.Warning,
            Severity.NOTE: lsp.DiagnosticSeverity.Information}
KIND = {"fact": lsp.CompletionItemKind.Field, "field": lsp.CompletionItemKind.Property,
        "definition": lsp.CompletionItemKind.Function,
        "decision": lsp.CompletionItemKind.Variable, "record": lsp.CompletionItemKind.Struct}
LIST_BOUND, TIME_LIMIT = 3, 60.0  # lawc check's defaults, so the two share the analysis cache


class LawServer(LanguageServer):
    """The server, with one driver workspace for the session and an index per document."""

    def __init__(self) -> None:
        super().__init__("lawc", __version__)
        self.laws = driver.Workspace()
        self.indexes: dict[str, LawIndex] = {}  # a document's display name → its last index
        self.blocks = BlockParser()  # a companion's examples, parsed again only when changed

    def check(self, uri: str, *, analyse: bool) -> list[Diagnostic]:
        """Load the document's law from the editor's text; index it; its diagnostics."""
        document = self.workspace.get_text_document(uri)
        path = Path(document.path)
        try:
            load_text(self.laws, path, document.source, self.blocks)
            program = driver.load_program(self.laws, path)
        except DiagnosticError as exc:
            return list(exc.diagnostics)
        found: list[Diagnostic] = []
        if analyse and program.kind is s.FileKind.LAW:
            found = list(driver.analyse_cached(program, LIST_BOUND, TIME_LIMIT).diagnostics)
        self.indexes[display(path)] = self._index(program)
        return found

    def _index(self, program: c.Program) -> LawIndex:
        law = Path(program.file)
        source = self.laws.read(law)
        vocabularies: dict[str, str] = {}
        for header_field in source.tree.header.get_all("uses"):
            for name in (u.strip() for u in header_field.value.split(",")):
                target = self.laws.find_use(law, name) if name else None
                if target is not None:
                    vocabularies[name] = display(target)
        files = [program.file] + [u.file for u in self.laws.resolve_uses(law, source)]
        files += [f for f in driver.files_read(self.laws, law, source) if f not in files]
        companion = law.with_name(law.name[:-len(".law")] + driver.EXAMPLES_SUFFIX)
        if driver.is_file(companion):
            files.append(display(companion))
        sources = {f: self.laws.sources[f] for f in files if f in self.laws.sources}
        return LawIndex.build(program, sources, vocabularies)

    def publish(self, uri: str, *, analyse: bool) -> None:
        document = self.workspace.get_text_document(uri)
        here = display(Path(document.path))
        shown = [to_lsp(d, here) for d in self.check(uri, analyse=analyse)]
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, diagnostics=shown, version=document.version))

    def index_at(self, uri: str) -> tuple[LawIndex, str] | None:
        here = display(Path(self.workspace.get_text_document(uri).path))
        index = self.indexes.get(here)
        return (index, here) if index is not None else None


def to_lsp(d: Diagnostic, here: str) -> lsp.Diagnostic:
    """A lawc diagnostic for the document `here`; one in another file (a vocabulary the law
    uses) is shown on the first line, naming its place."""
    message = d.message + (f"\nhelp: {d.hint}" if d.hint else "")
    if Path(d.span.file).resolve() == Path(here).resolve() and d.span.line >= 1:
        where = place_range(Place(d.span.file, d.span.line, d.span.column, d.span.end_line,
                                  d.span.end_column))
    else:
        where = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
        message = f"{d.span}: {message}"
    related = [lsp.DiagnosticRelatedInformation(
        place_location(Place(label.span.file, label.span.line, label.span.column,
                             label.span.end_line, label.span.end_column)), label.message)
               for label in d.labels if label.span.line >= 1]
    return lsp.Diagnostic(range=where, message=message, severity=SEVERITY[d.severity],
                          code=d.code, source="lawc", related_information=related or None)


def place_range(p: Place) -> lsp.Range:
    return lsp.Range(lsp.Position(p.line - 1, max(0, p.column - 1)),
                     lsp.Position(max(p.line, p.end_line) - 1, max(0, p.end_column - 1)))


def place_location(p: Place) -> lsp.Location:
    return lsp.Location(uri=Path(p.file).resolve().as_uri(), range=place_range(p))


def _declaration_location(symbol: Symbol) -> lsp.Location:
    """Where a symbol is declared: its first line (a provision's block runs on)."""
    p = symbol.place
    if symbol.kind == "vocabulary":
        return place_location(p)
    return place_location(Place(p.file, p.line, p.column, p.line,
                                p.end_column if p.end_line == p.line else p.column + 1))


server = LawServer()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LawServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri, analyse=True)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LawServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.publish(params.text_document.uri, analyse=False)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: LawServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.publish(params.text_document.uri, analyse=True)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: LawServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    path = Path(ls.workspace.get_text_document(uri).path)
    ls.laws.cache.pop(path.resolve(), None)  # read from disk again from now on
    ls.indexes.pop(display(path), None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _symbols_at(ls: LawServer, uri: str, position: lsp.Position) -> tuple[LawIndex, str] | None:
    found = ls.index_at(uri)
    if found is None:
        return None
    index, here = found
    occurrence = index.at(here, position.line + 1, position.character + 1)
    return (index, occurrence.key) if occurrence is not None else None


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: LawServer, params: lsp.HoverParams) -> lsp.Hover | None:
    found = _symbols_at(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    index, key = found
    symbols = index.declarations(key)
    if not symbols:
        return None
    text = "\n\n---\n\n".join(dict.fromkeys(s.hover for s in symbols))
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: LawServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
    found = _symbols_at(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    index, key = found
    return [_declaration_location(s) for s in index.declarations(key)] or None


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: LawServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    found = _symbols_at(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    index, key = found
    places = index.references(key)
    if not params.context.include_declaration:
        declared = {(s.place.file, s.place.line) for s in index.declarations(key)}
        places = [p for p in places if (p.file, p.line) not in declared]
    return [place_location(p) for p in places] or None


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION)
def completion(ls: LawServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    found = ls.index_at(params.text_document.uri)
    items = [] if found is None else [
        lsp.CompletionItem(label=s.name, kind=KIND[s.kind], detail=s.detail,
                           documentation=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown,
                                                           value=s.hover))
        for s in found[0].completions()]
    return lsp.CompletionList(is_incomplete=False, items=items)


def formatted(text: str, file: str) -> str | None:
    """The canonical layout `lawc fmt` writes, or None when it leaves the file as it is.
    DiagnosticError when the text does not parse."""
    try:
        return driver.canonical(text, file)
    except driver.LayoutError:
        return None


@server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: LawServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit]:
    document = ls.workspace.get_text_document(params.text_document.uri)
    try:
        new = formatted(document.source, display(Path(document.path)))
    except DiagnosticError:
        return []  # the diagnostics say why
    if new is None or new == document.source:
        return []
    lines = document.source.split("\n")
    end = lsp.Position(len(lines) - 1, len(lines[-1]))
    return [lsp.TextEdit(range=lsp.Range(lsp.Position(0, 0), end), new_text=new)]


if __name__ == "__main__":  # pragma: no cover
    server.start_io()

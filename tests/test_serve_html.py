"""`/explain` as HTML (compiler/serve_html.py): a whole HTML document, parsed here with the
standard library's `html.parser`, whose elements hold the explanation's structure (a section per
decision, its outcome in the heading, the deciding provision cited with its conditions and the
law's words quoted, the facts relied on, the provisions that did not apply), and in which text
of a law or of a case that looks like markup stays text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from compiler import driver, serve

ROOT = Path(__file__).resolve().parents[1]
LAW = "nyc/local_law_58_2014"
VOID = {"meta", "br", "link", "img", "input", "hr"}

HOSTILE = '''law "Act <script>alert('t')</script> & \\"Co\\""
  jurisdiction: Nowhere
  summary: a law whose words are markup

facts:
  a label: a code
  a kind: one of plain, "<b>bold</b>" as BOLD

decision the outcome: one of "<i>granted</i>" as GRANTED, "refused & 'gone'" as REFUSED
  question: "Is it <em>granted</em>?"
  by default: "refused & 'gone'"

§ 1 "<img src=x onerror=alert(1)>"
  > The officer "may" grant <b>it</b> & more.
  the outcome is "<i>granted</i>" if all of the following:
    - the kind is "<b>bold</b>"
    - the label is not "</blockquote><script>"
'''


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def all(self, tag: str, cls: str | None = None) -> list[Node]:
        found = [self] if self.tag == tag and (cls is None or self.classes(cls)) else []
        for child in self.children:
            found += child.all(tag, cls)
        return found

    def one(self, tag: str, cls: str | None = None) -> Node:
        found = self.all(tag, cls)
        assert len(found) == 1, (tag, cls, len(found))
        return found[0]

    def classes(self, cls: str) -> bool:
        return cls in self.attrs.get("class", "").split()

    def words(self) -> str:
        return "".join(self.text + [c.words() for c in self.children])

    def tags(self) -> set[str]:
        out = {self.tag}
        for c in self.children:
            out |= c.tags()
        return out


class Tree(HTMLParser):
    """The document as a tree; an end tag that does not close the open element fails."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].text.append(data)


def parse(text: str) -> Node:
    tree = Tree()
    tree.feed(text)
    tree.close()
    assert tree.stack == [tree.root], [n.tag for n in tree.stack]
    assert tree.doctype.lower() == "doctype html"
    html = tree.root.one("html")
    assert [c.tag for c in html.children] == ["head", "body"]
    assert html.one("head").all("meta")[0].attrs.get("charset") == "utf-8"
    return html


def _program(path: str) -> driver.Program:
    return driver.check(driver.Workspace(), ROOT / "statutes" / f"{path}.law")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(serve.app([serve.load(_program(LAW))]), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def facts() -> dict[str, Any]:
    facts = dict(_program(LAW).examples[0].facts)
    return dict(facts, agency="Police Department")  # § 9-131(b) decides: may be honored


def test_an_explanation_is_a_document_of_its_structure(client: TestClient,
                                                       facts: dict[str, Any]) -> None:
    r = client.post(f"/statutes/{LAW}/explain?format=html&decision=hold", json=facts)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    doc = parse(r.text)
    want = client.post(f"/statutes/{LAW}/explain?format=json&decision=hold", json=facts)
    e = want.json()["explanations"][0]
    assert doc.one("title").words() == "Explanation: Local Law 58 of 2014"
    section = doc.one("section", "explanation")
    assert section.attrs["data-decision"] == "hold"
    assert section.one("h2").one("span", "outcome").words() == e["outcome"] == "may be honored"
    assert section.one("p", "question").words() == e["question"]
    decided = section.one("section", "decided-by")
    rule = e["decided_by"][0]
    assert decided.one("h3").one("cite").words() == rule["citation"] == "§ 9-131(b)"
    assert [li.words() for li in decided.one("ul", "reasons").all("li")] == rule["reasons"]
    quote = decided.one("blockquote", "law")
    assert quote.words().replace("\n", "") == "".join(rule["quote"])
    assert len(quote.all("br")) == len(rule["quote"]) - 1
    facts_list = section.one("dl", "facts")
    assert [dt.words() for dt in facts_list.all("dt")] == [f["name"] for f in e["facts"]]
    assert [dd.one("code").words() for dd in facts_list.all("dd")] == [
        f["path"] for f in e["facts"]]
    failed = section.all("ul", "failed")
    assert len(failed) == (1 if e["not_applied"] else 0)
    if failed:
        items = failed[0].all("li")
        assert [li.one("cite").words() for li in items] == [
            x["citation"] for x in e["not_applied"]]
    assert not doc.all("script") and not doc.all("pre")


def test_every_decision_has_its_section(client: TestClient, facts: dict[str, Any]) -> None:
    r = client.post(f"/statutes/{LAW}/explain", json=facts, headers={"accept": "text/html"})
    doc = parse(r.text)
    sections = doc.all("section", "explanation")
    assert [s.attrs["data-decision"] for s in sections] == ["hold", "notification"]
    assert len(doc.all("h1")) == 1


def test_hostile_words_stay_text(tmp_path: Path) -> None:
    root = tmp_path / "statutes"
    (root / "demo").mkdir(parents=True)
    (root / "demo" / "hostile.law").write_text(HOSTILE, encoding="utf-8")
    program = driver.check(driver.Workspace(root), root / "demo" / "hostile.law")
    client = TestClient(serve.app([serve.load(program)]), raise_server_exceptions=False)
    label = "</dd></dl><script>alert(2)</script>\"'&amp;"
    r = client.post("/statutes/demo/hostile/explain?format=html",
                    json={"label": label, "kind": "<b>bold</b>"})
    assert r.status_code == 200, r.text
    doc = parse(r.text)
    assert doc.tags() <= {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2",
                          "h3", "p", "em", "span", "section", "cite", "ul", "li", "blockquote",
                          "br", "dl", "dt", "dd", "strong", "code"}, doc.tags()
    assert len(doc.all("em")) == 1  # the question's, not the law's <em>
    assert doc.one("h1").words() == "Explanation: Act <script>alert('t')</script> & \"Co\""
    section = doc.one("section", "explanation")
    assert section.one("span", "outcome").words() == "<i>granted</i>"
    assert section.one("p", "question").words() == "Is it <em>granted</em>?"
    heading = section.one("section", "decided-by").one("h3").words()
    assert "<img src=x onerror=alert(1)>" in heading
    assert section.one("blockquote").words() == 'The officer "may" grant <b>it</b> & more.'
    values = [dd.one("strong").words() for dd in section.one("dl", "facts").all("dd")]
    assert f'"{label}"' in values and "<b>bold</b>" in values  # a code is shown quoted
    assert "<script>" not in r.text and "<img" not in r.text


def test_attribute_text_is_escaped_too() -> None:
    from compiler.serve_html import esc

    assert esc("\"'<>&") == "&quot;&#x27;&lt;&gt;&amp;"

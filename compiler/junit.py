"""JUnit XML for `lawc test --junit-xml FILE`: the examples of each statute as test cases.

Takes the results of `driver.run_examples` for each law (and the diagnostics of laws that do
not check); gives a JUnit XML document (`xml.etree.ElementTree`) that CI services read: one
`<testsuite>` per statute, one `<testcase>` per example (its `name` the example's title, its
`classname` the statute's path with dots), a `<failure>` for a failed example and an `<error>`
test case named `lawc check` for a law that does not parse, resolve or type-check.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from compiler import driver
from compiler.core import ast as c
from compiler.diagnostics import Diagnostic, render_gnu

CHECK_CASE = "lawc check"


class JUnitReport:
    """Test suites collected statute by statute, written once at the end."""

    def __init__(self) -> None:
        self.root = ET.Element("testsuites", name="lawc test")

    def add_results(self, program: c.Program, results: Sequence[driver.ExampleResult]) -> None:
        suite = self._suite(program.path, program.file)
        for result in results:
            case = ET.SubElement(suite, "testcase", name=result.example.name,
                                 classname=program.path.replace("/", "."),
                                 file=result.example.span.file,
                                 line=str(result.example.span.line))
            if not result.passed:
                first = result.diagnostics[0]
                failure = ET.SubElement(case, "failure", message=first.message,
                                        type=first.code)
                failure.text = "\n".join(render_gnu(d) for d in result.diagnostics)
        self._count(suite)

    def add_broken(self, file: Path, diagnostics: Sequence[Diagnostic]) -> None:
        """A law that does not check: one test case in error, with its diagnostics."""
        name = driver.Workspace().statute_path(file)
        suite = self._suite(name, str(file))
        case = ET.SubElement(suite, "testcase", name=CHECK_CASE,
                             classname=name.replace("/", "."), file=str(file))
        message = diagnostics[0].message if diagnostics else "the law does not check"
        element = ET.SubElement(case, "error", message=message,
                                type=diagnostics[0].code if diagnostics else "check")
        element.text = "\n".join(render_gnu(d) for d in diagnostics)
        self._count(suite)

    def _suite(self, name: str, file: str) -> ET.Element:
        return ET.SubElement(self.root, "testsuite", name=name, file=file)

    def _count(self, suite: ET.Element) -> None:
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for t in cases if t.find("failure") is not None)))
        suite.set("errors", str(sum(1 for t in cases if t.find("error") is not None)))
        suite.set("skipped", "0")
        totals = {key: sum(int(s.get(key, "0")) for s in self.root)
                  for key in ("tests", "failures", "errors")}
        for key, value in totals.items():
            self.root.set(key, str(value))

    def text(self) -> str:
        ET.indent(self.root)
        return ET.tostring(self.root, encoding="unicode", xml_declaration=True) + "\n"

    def write(self, path: Path) -> None:
        driver.write_atomically(path, self.text())

"""Diffs kept on disk (`compiler.analysis.diff_cache`): read back as the same typed `Diff`,
computed again for other options, another population or a damaged entry, and bypassed by
`LAWC_NO_CACHE`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from compiler.analysis import diff_cache
from compiler.analysis.diff_result import Diff, to_json_data
from compiler.driver import versions

from tests.test_diff_progress import NEW, OLD


@pytest.fixture
def loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("LAWC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LAWC_NO_CACHE", raising=False)
    (tmp_path / "old.law").write_text(OLD)
    (tmp_path / "new.law").write_text(NEW)
    return [versions.load_with_tree(tmp_path / f"{n}.law") for n in ("old", "new")]


def _counting(calls: list[int], loaded: Any, **options: Any) -> Diff:
    from compiler.analysis.diff import diff_programs

    def run() -> Diff:
        calls.append(1)
        return diff_programs(loaded[0][0], loaded[1][0], old_tree=loaded[0][1],
                             new_tree=loaded[1][1], **options)

    versions_ = (loaded[0][0], loaded[0][1], loaded[1][0], loaded[1][1])
    return diff_cache.cached_diff(versions_, options, run)


def test_a_stored_diff_is_read_back_unchanged(loaded: Any, tmp_path: Path) -> None:
    calls: list[int] = []
    first = _counting(calls, loaded, samples=20)
    again = _counting(calls, loaded, samples=20)
    assert calls == [1] and again == first and isinstance(again, Diff)
    assert to_json_data(again) == to_json_data(first)
    _counting(calls, loaded, samples=21)  # other options: another entry
    assert calls == [1, 1]


def test_the_key_reads_the_population_and_the_versions(loaded: Any, tmp_path: Path) -> None:
    both = (loaded[0][0], loaded[0][1], loaded[1][0], loaded[1][1])
    population = tmp_path / "people.csv"
    population.write_text("red_light,blue_light\ntrue,false\n")
    first = diff_cache.key(both, {"samples": 20, "population": population})
    assert diff_cache.key(both, {"samples": 20, "population": population}) == first
    population.write_text("red_light,blue_light\ntrue,true\n")  # same name, other people
    assert diff_cache.key(both, {"samples": 20, "population": population}) != first
    assert diff_cache.key(both, {"samples": 20}) != first
    swapped = (loaded[1][0], loaded[1][1], loaded[0][0], loaded[0][1])
    assert diff_cache.key(swapped, {"samples": 20}) != diff_cache.key(both, {"samples": 20})


def test_a_damaged_entry_is_computed_again(loaded: Any, tmp_path: Path) -> None:
    calls: list[int] = []
    _counting(calls, loaded, samples=20)
    (entry,) = (tmp_path / "cache" / "diff").glob("*.json")
    stored = json.loads(entry.read_text())
    stored["body"]["decisions"][0]["transitions"][0]["old"] = "forged"
    entry.write_text(json.dumps(stored))
    _counting(calls, loaded, samples=20)
    assert calls == [1, 1]
    stored = json.loads(entry.read_text())
    stored["body"]["list_bound"] = "three"  # checksum made to match: the shape is still wrong
    stored["checksum"] = hashlib.sha256(  # the checksum the cache writes, of the damaged body
        json.dumps(stored["body"], sort_keys=True).encode()).hexdigest()
    entry.write_text(json.dumps(stored))
    _counting(calls, loaded, samples=20)
    assert calls == [1, 1, 1]


def test_no_cache_computes_every_time(loaded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAWC_NO_CACHE", "1")
    calls: list[int] = []
    _counting(calls, loaded, samples=20)
    _counting(calls, loaded, samples=20)
    assert calls == [1, 1]


def test_from_json_data_refuses_another_shape() -> None:
    with pytest.raises(ValueError):
        diff_cache.from_json_data(Diff, [])

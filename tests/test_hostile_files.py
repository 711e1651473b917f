"""Hostile files and faults in what lawc reads and writes (docs/reliability.md).

Reading stays inside the statutes folder (symlinks, `uses: ../..`, FIFOs); a law's file name
must name a Python module and can never replace a file lawc writes; the files lawc writes get
the umask's mode, a killed run's temporary files and a deleted statute's module are found and
removed, and a full disk is the user's error with the output folder left as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from compiler import driver
from compiler.cli import main
from conftest import REPO, TEST_STATUTES

BENEFIT = TEST_STATUTES / "testing" / "benefit.law"
SECRET = "root:SECRET-HASH:19000:0:99999:7:::\nsecond line\n"
VOCABULARY = 'vocabulary "V"\n\nfacts:\n  a flag: yes or no\n'
LAW = 'law "L"\n  jurisdiction: Nowhere\n  uses: {uses}\n\ndecision the answer: yes or no\n' \
      '\n§ 1\n  the answer if the flag\n'


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with one law (statutes/testing/benefit.law), as the working folder."""
    (tmp_path / "statutes" / "testing").mkdir(parents=True)
    shutil.copy(BENEFIT, tmp_path / "statutes" / "testing" / "benefit.law")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` but lawc's caches (`.lawc_cache/`: a parsed law is kept there
    even when nothing else is written)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()
            and ".lawc_cache" not in p.relative_to(root).parts}


# ------------------------------------------------------------------- reading outside the root


def test_a_symlink_out_of_the_statutes_folder_is_refused_and_never_quoted(work: Path) -> None:
    secret = work / "secret.law"  # outside statutes/, as /etc/shadow would be
    secret.write_text(SECRET, encoding="utf-8")
    (work / "statutes" / "t").mkdir()
    (work / "statutes" / "t" / "x.law").symlink_to(secret)
    for args in (["check", "--no-analysis"], ["check", "--no-analysis", "statutes/t/x.law"],
                 ["compile"]):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert "statutes/t/x.law leads outside the statutes folder" in result.stderr
        assert "SECRET" not in result.output and "second line" not in result.output


def test_a_symlink_to_etc_shadow_is_refused(work: Path) -> None:
    (work / "statutes" / "x.law").symlink_to("/etc/shadow")
    result = run("check", "--no-analysis", "statutes/x.law")
    assert result.exit_code == 1
    assert "leads outside the statutes folder" in result.stderr
    assert "root:" not in result.output


@pytest.mark.parametrize("command", ["check", "test", "fmt"])
def test_a_file_named_that_is_not_a_law_file_is_never_read(work: Path, command: str) -> None:
    """`lawc check /etc/passwd` quoted the file's first line in a syntax error: a named file
    whose name does not end in .law is refused before it is opened."""
    secret = work / "notes.txt"
    secret.write_text(SECRET, encoding="utf-8")
    for named in (str(secret), "/etc/passwd"):
        result = run(command, named)
        assert result.exit_code == 1, result.output
        assert "is not a .law file" in result.output
        assert "SECRET" not in result.output and "root:" not in result.output


@pytest.mark.parametrize("uses", ["../../outside", "../outside", "/tmp/outside",
                                  "common/../../outside"])
def test_uses_cannot_climb_out_of_the_statutes_folder(work: Path, uses: str) -> None:
    (work / "outside.law").write_text(VOCABULARY, encoding="utf-8")
    absolute = Path("/tmp/outside.law")
    absolute.write_text(VOCABULARY, encoding="utf-8")
    (work / "statutes" / "common").mkdir()
    (work / "statutes" / "l.law").write_text(LAW.format(uses=uses), encoding="utf-8")
    try:
        result = run("check", "--no-analysis", "statutes/l.law")
    finally:
        absolute.unlink()
    assert result.exit_code == 1
    assert "error[unknown-vocabulary]" in result.stderr
    assert f'"{uses}" is not a path under the statutes folder' in result.stderr


def test_a_vocabulary_symlinked_out_of_the_folder_is_refused(work: Path) -> None:
    (work / "outside.law").write_text(VOCABULARY, encoding="utf-8")
    (work / "statutes" / "v.law").symlink_to(work / "outside.law")
    (work / "statutes" / "l.law").write_text(LAW.format(uses="v"), encoding="utf-8")
    result = run("check", "--no-analysis", "statutes/l.law")
    assert result.exit_code == 1 and "v.law leads outside the statutes folder" in result.stderr


def test_a_loop_of_symlinks_is_an_io_error_not_a_bug(work: Path) -> None:
    """`Path.resolve` raises `RuntimeError` on a loop (it was exit 123, a traceback)."""
    (work / "statutes" / "a.law").symlink_to("b.law")
    (work / "statutes" / "b.law").symlink_to("a.law")
    for args in (["check", "--no-analysis", "statutes/a.law"], ["check", "--no-analysis"],
                 ["compile", "--check"], ["compile"]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "cannot read statutes/a.law: Too many levels of symbolic links" in result.stderr
        assert "Traceback" not in result.output
    assert not (work / "generated").exists()


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def test_a_fifo_named_on_the_command_line_is_an_error_not_a_hang(work: Path) -> None:
    fifo = _fifo(work / "statutes" / "pipe.law")
    done = subprocess.run([sys.executable, "-m", "compiler.cli", "check", "--no-analysis",
                           str(fifo.relative_to(work))], cwd=work, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 1, done.stderr
    assert "statutes/pipe.law is not a regular file" in done.stderr


def test_a_fifo_in_a_folder_or_as_a_vocabulary_does_not_hang(work: Path) -> None:
    _fifo(work / "statutes" / "v.law")
    (work / "statutes" / "l.law").write_text(LAW.format(uses="v"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "compiler.cli", "check", "--no-analysis"],
                          cwd=work, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 1
    assert 'no vocabulary "v"' in done.stderr


# -------------------------------------------------------------- names that break the package


@pytest.mark.parametrize("name,why", [
    ("_runtime.law", '"_runtime" starts with _'),
    ("__init__.law", '"__init__" starts with _'),
    ("class.law", '"class" is a Python keyword'),
    ("hy-phen.law", '"hy-phen" is not a Python identifier'),
    ("with space.law", '"with space" is not a Python identifier'),
    ("new\nline.law", '"new\\nline" is not a Python identifier'),
    ("9lives.law", '"9lives" is not a Python identifier'),
    ("if/law.law", '"if" is a Python keyword'),
])
def test_a_law_whose_name_cannot_be_a_module_is_an_error(work: Path, name: str,
                                                          why: str) -> None:
    target = work / "statutes" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(BENEFIT, target)
    before = _tree(work)
    for args in (["check", "--no-analysis"], ["compile"], ["compile", "--check"]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "error[bad-file-name]" in result.stderr and why in result.stderr
        assert "must be Python identifiers" in result.stderr
    gnu = run("check", "--no-analysis", "--message-format", "gnu")
    assert len(gnu.stderr.strip().splitlines()) == 1  # one line, even for a name with a newline
    assert _tree(work) == before  # the runtime and markers were not replaced: nothing written


def test_a_module_and_a_package_of_one_name_are_refused(work: Path) -> None:
    shutil.copy(BENEFIT, work / "statutes" / "testing.law")  # testing.py beside testing/
    result = run("compile")
    assert result.exit_code == 1
    assert "error[bad-file-name]" in result.stderr and "nothing written" in result.stderr
    assert not (work / "generated").exists()


def test_nothing_a_statute_is_called_replaces_a_file_lawc_writes(tmp_path: Path) -> None:
    program = driver.load_program(driver.Workspace(), BENEFIT)
    for path in ("_runtime", "__init__"):
        with pytest.raises(driver.DiagnosticError):
            driver.planned_files(tmp_path, [_renamed(program, path)])
    with pytest.raises(driver.DiagnosticError):  # a module onto a package marker
        driver.planned_files(tmp_path, [_renamed(program, "a/b"), _renamed(program, "a/__init__")])


def _renamed(program: driver.Program, path: str) -> driver.Program:
    import dataclasses

    return dataclasses.replace(program, path=path)


# ------------------------------------------------------------------------- files lawc writes


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_written_files_get_the_umask_mode(work: Path, umask_022: None) -> None:
    assert run("compile").exit_code == 0
    modes = {p.relative_to(work).as_posix(): oct(p.stat().st_mode & 0o777)
             for p in (work / "generated").rglob("*.py")}
    assert modes and set(modes.values()) == {"0o644"}, modes
    driver.write_atomically(work / "one.txt", "x\n")
    assert (work / "one.txt").stat().st_mode & 0o777 == 0o644


KILL_BETWEEN_TEMP_AND_RENAME = (
    "import os, sys\n"
    "from compiler.cli import main\n"
    "os.replace = lambda *a, **k: os._exit(9)  # killed after the temporary files are written\n"
    "sys.argv = ['lawc', 'compile']\n"
    "main()\n")


def test_a_kill_between_temp_and_rename_leaves_temps_that_compile_removes(work: Path) -> None:
    done = subprocess.run([sys.executable, "-c", KILL_BETWEEN_TEMP_AND_RENAME], cwd=work,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 9, done.stderr
    temps = sorted(p for p in (work / "generated").rglob("*.tmp"))
    assert temps and not list((work / "generated").rglob("*.py"))  # nothing swapped in
    checked = run("compile", "--check")
    assert checked.exit_code == 1
    for temp in temps:
        assert f"would remove {temp.relative_to(work)}" in checked.stdout
    assert run("compile").exit_code == 0
    assert not list((work / "generated").rglob("*.tmp"))
    assert run("compile", "--check").exit_code == 0
    ignored = subprocess.run(["git", "check-ignore", "-q", "--no-index",
                              "generated/testing/.benefit.py.abc123_x.tmp"], cwd=REPO)
    assert ignored.returncode == 0  # .gitignore keeps them out of commits


def test_an_interrupt_during_the_swap_leaves_the_old_tree(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("compile").exit_code == 0
    before = _tree(work / "generated")
    law = work / "statutes" / "testing" / "benefit.law"
    law.write_text(law.read_text(encoding="utf-8").replace('law "', 'law "Renamed ', 1),
                   encoding="utf-8")
    shutil.copy(TEST_STATUTES / "testing" / "counting.law", work / "statutes" / "testing")
    real = os.replace
    calls: list[str] = []

    def interrupted(src: str, dst: str) -> None:  # benefit.py is swapped in, then this
        calls.append(str(dst))
        if str(dst).endswith("counting.py"):
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    assert run("compile").exit_code == 130
    monkeypatch.setattr(os, "replace", real)
    assert _tree(work / "generated") == before  # benefit.py put back, no temporary left
    assert any(c.endswith("benefit.py") for c in calls)


def test_a_deleted_statutes_module_is_reported_and_removed(work: Path) -> None:
    counting = TEST_STATUTES / "testing" / "counting.law"
    shutil.copy(counting, work / "statutes" / "testing" / "counting.law")
    assert run("compile").exit_code == 0
    module = work / "generated" / "testing" / "counting.py"
    assert module.is_file()
    (work / "statutes" / "testing" / "counting.law").unlink()
    mine = work / "generated" / "testing" / "helper.py"  # not lawc's: no header, kept
    mine.write_text("x = 1\n", encoding="utf-8")
    checked = run("compile", "--check")
    assert checked.exit_code == 1
    assert checked.stdout == "would remove generated/testing/counting.py\n"
    done = run("compile")
    assert done.exit_code == 0 and "removed generated/testing/counting.py" in done.stderr
    assert not module.exists() and mine.is_file()
    assert run("compile", "--check").exit_code == 0
    # compiling one statute does not remove the modules of the others
    shutil.copy(counting, work / "statutes" / "testing" / "counting.law")
    assert run("compile").exit_code == 0
    assert run("compile", "statutes/testing/benefit.law", "--check").exit_code == 0


def test_sql_queries_of_a_deleted_statute_or_decision_are_reported_and_removed(
        work: Path) -> None:
    (work / "statutes" / "small").mkdir()
    (work / "statutes" / "small" / "law.law").write_text(
        'law "L"\n  jurisdiction: Nowhere\n\nfacts:\n  a flag: yes or no\n\n'
        'decision the answer: yes or no\n  by default: no\n\n§ 1\n  the answer is yes if '
        'the flag\n', encoding="utf-8")
    sql = ("compile", "--target", "sql", "statutes/small/law.law")
    assert run(*sql).exit_code == 0
    queries = work / "generated_sql" / "small" / "law"
    query = queries / "answer.sql"
    renamed = queries / "a_decision_no_longer_there.sql"  # the law's own header names it
    shutil.copy(query, renamed)
    temporary = queries / ".answer.sql.k1ll3d.tmp"
    temporary.write_text("half", encoding="utf-8")
    gone = work / "generated_sql" / "small" / "gone"
    gone.mkdir()
    (gone / "answer.sql").write_text(query.read_text(encoding="utf-8").replace(
        "statutes/small/law.law", "statutes/small/gone.law"), encoding="utf-8")
    mine = work / "generated_sql" / "small" / "notes.sql"  # no header: never removed
    mine.write_text("-- my own query\n", encoding="utf-8")
    checked = run(*sql, "--check")
    assert checked.exit_code == 1, checked.output
    assert checked.stdout.splitlines() == [
        "would remove generated_sql/small/gone/answer.sql",
        "would remove generated_sql/small/law/.answer.sql.k1ll3d.tmp",
        "would remove generated_sql/small/law/a_decision_no_longer_there.sql"]
    done = run(*sql)
    assert done.exit_code == 0 and "3 files removed" in done.stderr, done.output
    assert not renamed.exists() and not temporary.exists() and not gone.exists()
    assert query.is_file() and mine.is_file()


def test_a_full_disk_is_a_user_error_and_leaves_the_tree(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("compile").exit_code == 0
    law = work / "statutes" / "testing" / "benefit.law"
    law.write_text(law.read_text(encoding="utf-8").replace('law "', 'law "Renamed ', 1),
                   encoding="utf-8")
    shutil.copy(TEST_STATUTES / "testing" / "counting.law", work / "statutes" / "testing")
    before = _tree(work / "generated")
    real = os.fsync
    synced: list[int] = []

    def full(fd: int) -> None:  # the first temporary file is written, the second is not
        synced.append(fd)
        if len(synced) == 2:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    result = run("compile")
    monkeypatch.setattr(os, "fsync", real)
    assert result.exit_code == 1, result.output
    assert "error: cannot write generated/testing/" in result.stderr
    assert "No space left on device" in result.stderr and "Traceback" not in result.output
    assert _tree(work / "generated") == before  # no temporary left, nothing swapped


def test_a_failed_write_takes_away_the_folders_it_made(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (work / "kept").mkdir()

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run("compile", "--out", "kept/new/generated")
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert list((work / "kept").iterdir()) == []  # kept/new/ was made, and is gone again


def test_a_small_tmpfs_fills_up_as_a_user_error(work: Path) -> None:
    out = work / "small"
    out.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(out)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or 'not root'}")
    try:
        for _ in range(12):  # the runtime alone is about 25 kB; copies fill 64 kB
            shutil.copy(BENEFIT, work / "statutes" / "testing" / f"law{_}.law")
        result = run("compile", "--out", "small")
        assert result.exit_code == 1, result.output
        assert "cannot write small/" in result.stderr
        assert "No space left on device" in result.stderr
        assert _tree(out) == {} and list(out.iterdir()) == []  # no folder left either
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_check_and_compile_load_neither_the_solver_nor_the_templates(work: Path) -> None:
    probe = ("import sys\nfrom compiler.cli import main\n"
             "for args in (['check', '--no-analysis'], ['compile', '--check']):\n"
             "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'z3', 'jinja2'}))\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=work, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_compiling_another_root_into_generated_keeps_these_modules(work: Path) -> None:
    assert run("compile").exit_code == 0
    other = work / "elsewhere" / "statutes" / "more"
    other.mkdir(parents=True)
    shutil.copy(TEST_STATUTES / "testing" / "counting.law", other / "counting.law")
    checked = run("compile", "elsewhere/statutes", "--check")
    assert "would remove" not in checked.stdout, checked.stdout
    assert run("compile", "elsewhere/statutes").exit_code == 0
    assert (work / "generated" / "testing" / "benefit.py").is_file()
    assert (work / "generated" / "more" / "counting.py").is_file()


def test_a_deleted_folder_of_statutes_loses_its_modules_and_package_marker(work: Path) -> None:
    (work / "statutes" / "extra").mkdir()
    shutil.copy(TEST_STATUTES / "testing" / "counting.law", work / "statutes" / "extra")
    assert run("compile").exit_code == 0
    shutil.rmtree(work / "statutes" / "extra")
    checked = run("compile", "--check")
    assert checked.exit_code == 1
    assert checked.stdout == ("would remove generated/extra/counting.py\n"
                              "would remove generated/extra/__init__.py\n")
    assert run("compile").exit_code == 0
    assert not list((work / "generated" / "extra").rglob("*.py"))
    assert (work / "generated" / "testing" / "__init__.py").is_file()
    assert run("compile", "--check").exit_code == 0


def test_a_file_system_without_hard_links_still_compiles(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("compile").exit_code == 0
    law = work / "statutes" / "testing" / "benefit.law"
    law.write_text(law.read_text(encoding="utf-8").replace('law "', 'law "Renamed ', 1),
                   encoding="utf-8")

    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    assert run("compile").exit_code == 0
    assert "Renamed" in (work / "generated" / "testing" / "benefit.py").read_text(encoding="utf-8")
    assert not list((work / "generated").rglob("*.tmp"))


def test_a_report_that_cannot_be_written_leaves_the_old_one_whole(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`lawc diff --output`/`lawc report --output` write through `driver.write_atomically` (a
    plain write once left half a report on a full disk)."""
    law, new = work / "statutes" / "old.law", work / "statutes" / "new.law"
    text = ('law "L"\n  jurisdiction: Nowhere\n\nfacts:\n  a flag: yes or no\n  a count: '
            'a whole number from 0 to 9\n\ndecision the answer: yes or no\n  by default: no'
            '\n\n§ 1\n  the answer is yes if the flag and the count is at least {}\n')
    law.write_text(text.format(2), encoding="utf-8")
    new.write_text(text.format(3), encoding="utf-8")
    out = work / "diff.md"
    out.write_text("the old report\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run("diff", "--no-cache", "--format", "markdown", "--samples", "20", "--output",
                 str(out), str(law), str(new))
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.stderr and "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "the old report\n"
    assert sorted(p.name for p in work.iterdir()) == ["diff.md", "statutes"]

"""The test tiers: `make test` runs make check, the build tier and the browser tier in turn, and every
test belongs to exactly one of them; the sweeps' samples are fixed, and whole under `make test-all`.

A test's tier comes from its markers (``build``, ``browser``), which tests/conftest.py gives it from
the fixtures it uses; each make target selects its tier with pytest's ``-m``.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys

from support import ROOT, sample

MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def recipe(target: str) -> str:
    """The recipe lines of a make target."""
    found = re.search(rf"^{re.escape(target)}:[^\n]*\n((?:\t[^\n]*\n)*)", MAKEFILE, re.MULTILINE)
    assert found, f"the Makefile has no target {target}"
    return found.group(1)


def selection(target: str) -> str:
    """The ``-m`` expression with which a make target's pytest chooses its tier."""
    found = re.search(r'\$\(PYTEST\) -m "([^"]+)"', recipe(target))
    assert found, f"make {target} runs no pytest with -m"
    return found.group(1)


def test_make_test_runs_the_three_tiers_in_turn():
    found = re.search(r"^test: (.+)$", MAKEFILE, re.MULTILINE)
    assert found and found.group(1).split() == ["check", "test-build", "test-browser"], found
    assert "book" in re.search(r"^test-build: (.+)$", MAKEFILE, re.MULTILINE).group(1).split(), (
        "the build tier must build the book first"
    )


def test_every_test_is_in_exactly_one_tier():
    tiers = {target: selection(target) for target in ("check", "test-build", "test-browser")}
    for build, browser in itertools.product((False, True), repeat=2):
        chosen = [t for t, expression in tiers.items() if eval(expression, {}, {"build": build, "browser": browser})]
        assert len(chosen) == 1, f"a test marked build={build}, browser={browser} runs in {chosen or 'no tier'}"


def test_test_all_runs_the_tiers_with_every_sweep_whole():
    assert re.search(r"^test-all: export MLOPS_TEST_ALL = 1$", MAKEFILE, re.MULTILINE)
    assert re.search(r"^test-all: test$", MAKEFILE, re.MULTILINE)


def test_a_sample_is_fixed_in_order_and_whole_when_asked():
    pages = [f"page-{n}.html" for n in range(36)]
    chosen = sample(pages, 6, everything=False)
    assert len(chosen) == 6 and len(set(chosen)) == 6
    assert chosen == sample(pages, 6, everything=False), "the same sample every run"
    assert chosen == sorted(chosen, key=pages.index), "kept in the items' order"
    assert chosen != pages[:6], "a sample, not the first items"
    assert sample(pages, 6, everything=True) == pages
    assert sample(pages[:4], 6, everything=False) == pages[:4]


GROUPED = '''
import pytest

@pytest.mark.xdist_group("shared")
def test_first():
    pass

@pytest.mark.xdist_group("shared")
def test_second():
    pass

def test_third():
    pass

def test_fourth():
    pass
'''


def test_tests_that_share_a_fixture_keep_to_one_worker(tmp_path):
    """The Makefile's pytest runs two workers with --dist loadgroup: tests in one xdist_group (one clean
    build, one printed book) must run on one worker, or each worker pays for the fixture. pytest 9.2
    silently broke this (pytest-dev/pytest-xdist#1386): this fails on such a pair of versions."""
    (tmp_path / "test_grouped.py").write_text(GROUPED, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider", "-v",
         "-o", "addopts=", str(tmp_path / "test_grouped.py")],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "4 passed" in run.stdout, run.stdout[-2000:]
    workers = re.findall(r"\[(gw\d)\] \[[^]]*\] PASSED \S*::test_(?:first|second)", run.stdout)
    assert len(workers) == 2, run.stdout[-2000:]
    assert len(set(workers)) == 1, f"the grouped tests ran on {workers}: --dist loadgroup does not group"

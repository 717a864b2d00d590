"""The repository keeps itself honest: the code is lint-clean, the package declares what it imports,
and every patch in _ext/ is re-checked when a version it patches moves."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest

from support import ROOT

EXTENSIONS = sorted((ROOT / "_ext").glob("*.py"))


def canonical(name: str) -> str:
    """A distribution's name as pip compares names (PEP 503): ``PyYAML`` and ``pyyaml`` are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned() -> dict[str, str]:
    """requirements.txt's exact pins, by canonical name."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        found = re.match(r"^([A-Za-z0-9][\w.-]*)==(\S+)", line.strip())
        if found:
            pins[canonical(found.group(1))] = found.group(2)
    return pins


def patches(path) -> dict[str, str] | None:
    """The ``PATCHES`` dictionary an extension declares (read without importing it); None if it declares none.

    An extension that works around a pinned tool lists it there; one that adds a feature of the
    book's own (nothing upstream to wait for) declares ``PATCHES = {}``.
    """
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PATCHES" for t in node.targets):
            return ast.literal_eval(node.value)
    return None


def test_the_code_is_ruff_clean():
    """`ruff check` with the settings in pyproject.toml finds nothing in src/, tests/, tools/, _ext/."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, f"ruff finds problems (run `ruff check --fix .`):\n{result.stdout}{result.stderr}"


def test_pyproject_lists_every_distribution_the_package_imports():
    declared = {canonical(re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0]) for d in _pyproject()["project"]["dependencies"]}
    providers = packages_distributions()
    missing = {}
    for module in sorted((ROOT / "src" / "mlops_book").rglob("*.py")):
        for name in _imported_top_levels(module):
            if name in sys.stdlib_module_names or name == "mlops_book":
                continue
            assert name in providers, f"{module.name} imports {name}, which no installed distribution provides"
            if not {canonical(d) for d in providers[name]} & declared:
                missing.setdefault(providers[name][0], []).append(module.name)
    assert not missing, f"pyproject.toml [project] dependencies lacks what the package imports: {missing}"


@pytest.mark.parametrize("path", EXTENSIONS, ids=lambda p: p.name)
def test_extension_names_what_it_patches(path):
    """Each extension declares the pinned versions it works around (``PATCHES``) and its docstring
    names each of those packages, with the upstream issue where there is one."""
    declared = patches(path)
    assert declared is not None, f"_ext/{path.name} declares no PATCHES = {{package: pinned version}} (or {{}})"
    if not declared:  # the book's own feature, not a work-around
        return
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    assert "Upstream:" in docstring, f"_ext/{path.name}: the docstring says nothing of the upstream issue"
    unnamed = [p for p in declared if p.lower() not in docstring.lower()]
    assert not unnamed, f"_ext/{path.name}: the docstring does not name {unnamed}"


@pytest.mark.parametrize("path", EXTENSIONS, ids=lambda p: p.name)
def test_patched_versions_are_the_pinned_ones(path):
    """A patch holds for the version it was written against: when requirements.txt moves, re-check it."""
    pins = pinned()
    for package, version in (patches(path) or {}).items():
        now = pins.get(canonical(package))
        assert now is not None, f"_ext/{path.name} patches {package}, which requirements.txt does not pin"
        assert now == version, (
            f"_ext/{path.name} patches {package} {version}, but requirements.txt pins {now}: "
            f"re-check this patch against the new version (see the upstream issue in its docstring), "
            f"then set PATCHES to {package!r}: {now!r} or delete the extension if it is no longer needed"
        )


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _imported_top_levels(path) -> set[str]:
    """The top-level names of the absolute imports in a module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names

"""The repository keeps itself honest: the code is lint-clean, the package declares what it imports,
and every patch in _ext/patches/ and every copied theme template in _templates/ is re-checked when a
version it patches moves."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
import yaml

from support import ROOT

#: Work-arounds for the pinned tools: each declares the versions it was checked against and its upstream issue.
PATCH_EXTENSIONS = sorted((ROOT / "_ext" / "patches").glob("*.py"))
#: The book's own build steps (a step that reads a pinned tool's internals declares those pins too).
STEP_EXTENSIONS = sorted((ROOT / "_ext" / "steps").glob("*.py"))
EXTENSIONS = PATCH_EXTENSIONS + STEP_EXTENSIONS
#: The theme templates the book overrides; each says which package version it was copied from.
TEMPLATES = sorted((ROOT / "_templates").rglob("*.html"))
#: A template's pin, in its leading Jinja comment: "Copied from: <package> <version>, <path in the theme>"
#: (a copy of the theme's file) or "Extends: ..." (a template that extends the theme's and overrides a block).
TEMPLATE_PIN = re.compile(r"^\s*(Copied from|Extends): ([A-Za-z][\w.-]*) ([\w.]+), (\S+)", re.MULTILINE)
#: Where each theme keeps its templates inside its installed package.
THEME_FOLDERS = {
    "pydata-sphinx-theme": Path("pydata_sphinx_theme", "theme", "pydata_sphinx_theme"),
    "sphinx-book-theme": Path("sphinx_book_theme", "theme", "sphinx_book_theme"),
}


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


def _name(path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_every_extension_is_a_patch_or_a_step_and_each_is_loaded():
    """_ext/ holds two folders and nothing else: patches/ (work-arounds) and steps/ (the book's own
    steps); _config.yml loads each module from its folder, and loads nothing else from _ext/."""
    loose = sorted(p.name for p in (ROOT / "_ext").glob("*.py"))
    assert not loose, f"_ext/ holds {loose}: put each in _ext/patches/ (a work-around) or _ext/steps/ (the book's own)"
    assert PATCH_EXTENSIONS and STEP_EXTENSIONS
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    loaded = {name: folder.strip("/") for name, folder in config["sphinx"]["local_extensions"].items()}
    on_disk = {p.stem: _name(p.parent) for p in EXTENSIONS}
    assert loaded == on_disk, f"_config.yml local_extensions {loaded} != the modules in _ext/ {on_disk}"


@pytest.mark.parametrize("path", PATCH_EXTENSIONS, ids=lambda p: p.name)
def test_a_patch_names_what_it_patches(path):
    """A work-around declares the pinned versions it works around (``PATCHES``) and its docstring
    names each of those packages and the upstream issue (or says that none was found)."""
    declared = patches(path)
    assert declared, f"{_name(path)} declares no PATCHES = {{package: pinned version}}: a step belongs in _ext/steps/"
    _names_its_pins(path, declared)


@pytest.mark.parametrize("path", STEP_EXTENSIONS, ids=lambda p: p.name)
def test_a_step_declares_the_internals_it_reads(path):
    """A build step of the book's own declares ``PATCHES = {}``, or the pinned versions whose internals it
    reads (a myst-nb doctree, a theme's files), named in its docstring like a patch's."""
    declared = patches(path)
    assert declared is not None, f"{_name(path)} declares no PATCHES = {{}} (or the pins whose internals it reads)"
    if declared:
        _names_its_pins(path, declared)


def _names_its_pins(path, declared: dict) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    assert "Upstream:" in docstring, f"{_name(path)}: the docstring says nothing of the upstream issue"
    unnamed = [p for p in declared if p.lower() not in docstring.lower()]
    assert not unnamed, f"{_name(path)}: the docstring does not name {unnamed}"


@pytest.mark.parametrize("path", EXTENSIONS, ids=lambda p: p.name)
def test_patched_versions_are_the_pinned_ones(path):
    """A patch holds for the version it was written against: when requirements.txt moves, re-check it."""
    pins = pinned()
    for package, version in (patches(path) or {}).items():
        now = pins.get(canonical(package))
        assert now is not None, f"{_name(path)} patches {package}, which requirements.txt does not pin"
        assert now == version, (
            f"{_name(path)} patches {package} {version}, but requirements.txt pins {now}: "
            f"re-check this patch against the new version (see the upstream issue in its docstring), "
            f"then set PATCHES to {package!r}: {now!r} or delete the extension if it is no longer needed"
        )


def template_pin(path) -> tuple[str, str, str, str] | None:
    """(how, package, version, file in the theme) that a template declares, or None.

    >>> template_pin_of("{#- Why.\\n    Copied from: sphinx-book-theme 1.3.0, components/x.html (checked). -#}")
    ('Copied from', 'sphinx-book-theme', '1.3.0', 'components/x.html')
    """
    return template_pin_of(path.read_text(encoding="utf-8"))


def template_pin_of(text: str) -> tuple[str, str, str, str] | None:
    comment = re.match(r"\{#-?(.*?)-?#\}", text, re.DOTALL)
    found = TEMPLATE_PIN.search(comment.group(1)) if comment else None
    return found.groups() if found else None


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(ROOT / "_templates").as_posix())
def test_copied_templates_match_the_installed_theme(path):
    """Each template override says, in its leading comment, which theme version and file it was copied
    from (or extends); when the pin or the installed theme moves, the copy must be re-made from the new
    version's file (a copy silently keeps the old theme's markup)."""
    declared = template_pin(path)
    assert declared, (
        f"{_name(path)}: its leading comment must say 'Copied from: <package> <version>, <file in the theme>' "
        f"(or 'Extends: ...')"
    )
    _, package, pin, theme_file = declared
    now = pinned().get(canonical(package))
    assert now == pin, (
        f"{_name(path)} was copied from {package} {pin}, but requirements.txt pins {now}: re-copy it from "
        f"{package} {now}'s {theme_file}, re-apply the change its comment describes, then update the pin"
    )
    try:
        installed = metadata.version(package)
    except metadata.PackageNotFoundError:
        pytest.fail(f"{package} is not installed: the template {_name(path)} overrides one of its files")
    assert installed == pin, f"{_name(path)} was copied from {package} {pin}; {installed} is installed"
    folder = THEME_FOLDERS.get(package)
    assert folder, f"{_name(path)}: no theme folder known for {package} (THEME_FOLDERS)"
    site = Path(_distribution_root(package))
    assert (site / folder / theme_file).is_file(), f"{_name(path)}: {package} {installed} has no {theme_file}"


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


def _distribution_root(package: str) -> str:
    """The folder the installed distribution's files are relative to (site-packages)."""
    return str(metadata.distribution(package).locate_file(""))

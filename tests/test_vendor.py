"""The widget runtime the book serves itself: built from its pinned sources, checksummed, licensed,
matching the ipywidgets pin, loaded by every widget page (and html-manager's embed.js by none)."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

from support import ROOT

STATE_SCRIPT = re.compile(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S)
SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"[^>]*>")
#: The protocol version of the widget state runtime.js renders (its SUPPORTED_MAJOR): ipywidgets 8.
RUNTIME_PROTOCOL_MAJOR = "2"


def _load_tool():
    spec = importlib.util.spec_from_file_location("vendor_widgets", ROOT / "tools" / "vendor_widgets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


vendor_widgets = _load_tool()


def _manifest(folder: Path | None = None) -> dict:
    return json.loads(((folder or vendor_widgets.VENDOR) / "MANIFEST.json").read_text(encoding="utf-8"))


def _pages(book_html: Path) -> dict[str, str]:
    return {
        p.relative_to(book_html).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(book_html.rglob("*.html"))
        if not {"_static", "_sources", "widgets"} & set(p.relative_to(book_html).parts[:-1])
    }


@pytest.fixture
def vendor_copy(tmp_path, monkeypatch):
    """A copy of vendor/widgets that the tool checks instead of the real one."""
    folder = tmp_path / "widgets"
    shutil.copytree(vendor_widgets.VENDOR, folder)
    monkeypatch.setattr(vendor_widgets, "VENDOR", folder)
    monkeypatch.setattr(vendor_widgets, "MANIFEST", folder / "MANIFEST.json")
    return folder


@pytest.fixture
def sources_copy(tmp_path, monkeypatch):
    """A copy of the runtime's sources (without node_modules) that the tool digests instead."""
    folder = tmp_path / "widget-runtime"
    folder.mkdir()
    for entry in vendor_widgets.SOURCE_FILES:
        path = vendor_widgets.SOURCES / entry
        (shutil.copytree if path.is_dir() else shutil.copyfile)(path, folder / entry)
    monkeypatch.setattr(vendor_widgets, "SOURCES", folder)
    return folder


def test_vendored_runtime_matches_its_manifest_sources_and_pins():
    assert vendor_widgets.problems() == []


def test_the_check_notices_a_changed_file(vendor_copy):
    with open(vendor_copy / "runtime.js", "ab") as handle:
        handle.write(b"\n")
    assert any("runtime.js: sha256" in p for p in vendor_widgets.problems())


def test_the_check_notices_an_unlisted_file(vendor_copy):
    (vendor_copy / "embed.js").write_text("", encoding="utf-8")
    assert any("embed.js is not in MANIFEST.json" in p for p in vendor_widgets.problems())


def test_the_check_notices_a_manifest_for_another_ipywidgets(vendor_copy):
    manifest = _manifest(vendor_copy)
    manifest["matches"] = "ipywidgets==0.0.1"
    (vendor_copy / "MANIFEST.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert any("requirements.txt pins" in p for p in vendor_widgets.problems())


def test_the_check_notices_a_source_edited_without_rebuilding(sources_copy):
    assert vendor_widgets.problems() == []
    runtime = sources_copy / "src" / "runtime.js"
    runtime.write_text(runtime.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    assert any("run `make vendor`" in p for p in vendor_widgets.problems())


def test_the_bundled_widget_packages_are_those_jupyterlab_uses_with_the_pin():
    lab = vendor_widgets.lab_widget_versions()
    assert set(lab) == set(vendor_widgets.WIDGET_PACKAGES), lab
    bundled = _manifest()["packages"]
    assert {name: bundled[name]["version"] for name in lab} == lab
    older = {**bundled, "@jupyter-widgets/controls": {"version": "5.0.12", "license": "BSD-3-Clause"}}
    assert vendor_widgets.version_problems(older) == [
        f"@jupyter-widgets/controls: the runtime bundles 5.0.12, JupyterLab uses "
        f"{lab['@jupyter-widgets/controls']} with {vendor_widgets.pinned_ipywidgets()}"
    ]


def test_every_bundled_package_has_its_licence_text(vendor_copy):
    bundled = _manifest(vendor_copy)["packages"]
    assert {"@jupyter-widgets/controls", "@lumino/widgets", "backbone", "nouislider"} <= set(bundled)
    assert vendor_widgets.licence_problems(vendor_copy, bundled) == []
    licences = vendor_copy / "LICENSES.txt"
    sections = licences.read_text(encoding="utf-8").split("=" * 72)
    lumino = next(i for i, s in enumerate(sections) if "@lumino/widgets" in s and i % 2 == 1)
    licences.write_text(("=" * 72).join(sections[:lumino] + sections[lumino + 2 :]), encoding="utf-8")
    found = vendor_widgets.licence_problems(vendor_copy, bundled)
    assert any("lacks the licence of @lumino/widgets" in p for p in found)


def test_the_built_book_serves_exactly_the_vendored_files(book_html):
    manifest = _manifest()
    served = {p.name for p in (book_html / "widgets").iterdir()}
    assert served == set(manifest["files"]) | {"MANIFEST.json"}, "the built book's widgets/ differs from vendor/widgets"
    for name, digest in manifest["files"].items():
        served_digest = vendor_widgets.sha256(book_html / "widgets" / name)
        assert served_digest == digest, f"widgets/{name} differs from vendor/widgets"


def test_widget_pages_load_the_runtime_deferred_and_no_page_loads_embed_js(book_html):
    pages = _pages(book_html)
    widget_pages = [p for p, html in pages.items() if STATE_SCRIPT.search(html)]
    assert widget_pages, "the built book has no widget page"
    for page, html in pages.items():
        sources = SCRIPT_SRC.findall(html)
        assert not [s for s in sources if "embed" in s or "require" in s], f"{page} loads html-manager or require.js"
        runtime = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "widgets/runtime.js" in tag]
        if page in widget_pages:
            assert len(runtime) == 1 and "defer" in runtime[0], f"{page}: {runtime}"


def _classes_needed(model: dict) -> list[tuple[str, str, str]]:
    """(module, version, class) of a model in a page's widget state, and of its view if it has one."""
    state = model["state"]
    needed = [(model["model_module"], model["model_module_version"], model["model_name"])]
    if state.get("_view_name"):
        needed.append((state["_view_module"], state["_view_module_version"], state["_view_name"]))
    return needed


def test_the_check_of_embedded_widgets_names_what_the_runtime_lacks():
    classes = _manifest()["classes"]
    assert "SelectionSliderView" in classes["@jupyter-widgets/controls"]
    assert "LayoutModel" in classes["@jupyter-widgets/base"]
    # what src/controls.js leaves out, and the Output widget's own package
    assert "ColorPickerModel" not in classes["@jupyter-widgets/controls"]
    assert "@jupyter-widgets/output" not in classes


def test_the_runtime_can_load_every_widget_the_pages_embed(book_html):
    """runtime.js offers every class the pages' widget state names (ipywidgets 8 protocol) and
    shows descriptions as text only."""
    classes = _manifest()["classes"]
    models = 0
    for page, html in _pages(book_html).items():
        for found in STATE_SCRIPT.finditer(html):
            for model_id, model in json.loads(found.group(1))["state"].items():
                models += 1
                state = model["state"]
                for module, version, name in _classes_needed(model):
                    assert version.split(".")[0] == RUNTIME_PROTOCOL_MAJOR and name in classes.get(module, []), (
                        f"{page}: the widget runtime has no {name} from {module} {version}; add its module to "
                        "tools/widget-runtime/src/controls.js and run `make vendor`"
                    )
                assert not state.get("description_allow_html"), (
                    f"{page}: {model['model_name']} {model_id} asks for an HTML description; the runtime "
                    "shows descriptions as text (tools/widget-runtime/src/runtime.js, inline_sanitize)"
                )
    assert models > 0


@pytest.mark.build
def test_the_runtime_rebuilds_byte_identical_from_its_sources(tmp_path):
    """Building tools/widget-runtime again gives exactly the committed vendor/widgets files."""
    if not (vendor_widgets.SOURCES / "node_modules" / ".package-lock.json").exists():
        pytest.fail("tools/widget-runtime has no node_modules: run `make test` or `make vendor` (npm ci there)")
    built = vendor_widgets.build(tmp_path)
    assert vendor_widgets.same_files(tmp_path, vendor_widgets.VENDOR) == []
    manifest = _manifest()
    assert built == {"packages": manifest["packages"], "classes": manifest["classes"]}

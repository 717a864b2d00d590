"""The widget JavaScript the book serves itself matches its manifest and the ipywidgets pin."""

from __future__ import annotations

import importlib.util
import json
import shutil

import pytest

from support import ROOT


def _load_tool():
    spec = importlib.util.spec_from_file_location("vendor_widgets", ROOT / "tools" / "vendor_widgets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


vendor_widgets = _load_tool()


@pytest.fixture
def vendor_copy(tmp_path, monkeypatch):
    """A copy of vendor/widgets that the tool checks instead of the real one."""
    folder = tmp_path / "widgets"
    shutil.copytree(vendor_widgets.VENDOR, folder)
    monkeypatch.setattr(vendor_widgets, "VENDOR", folder)
    monkeypatch.setattr(vendor_widgets, "MANIFEST", folder / "MANIFEST.json")
    return folder


def test_vendored_widget_js_matches_its_manifest_and_the_pin():
    assert vendor_widgets.problems() == []


def test_the_check_notices_a_changed_file(vendor_copy):
    with open(vendor_copy / "embed.js", "ab") as handle:
        handle.write(b"\n")
    assert any("embed.js: sha256" in p for p in vendor_widgets.problems())


def test_the_check_notices_an_unlisted_file(vendor_copy):
    (vendor_copy / "extra.js").write_text("", encoding="utf-8")
    assert any("extra.js is not in MANIFEST.json" in p for p in vendor_widgets.problems())


def test_the_check_notices_a_manifest_for_another_ipywidgets(vendor_copy):
    manifest = json.loads((vendor_copy / "MANIFEST.json").read_text(encoding="utf-8"))
    manifest["matches"] = "ipywidgets==0.0.1"
    (vendor_copy / "MANIFEST.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert any("requirements.txt pins" in p for p in vendor_widgets.problems())


def test_the_html_manager_version_is_one_ipywidgets_works_with():
    manifest = json.loads(vendor_widgets.MANIFEST.read_text(encoding="utf-8"))
    wanted = vendor_widgets.installed_ipywidgets_range()
    assert vendor_widgets.satisfies_caret(manifest["version"], wanted), (manifest["version"], wanted)
    assert not vendor_widgets.satisfies_caret("2.0.0", "^1.0.1")
    assert not vendor_widgets.satisfies_caret("1.0.0", "^1.0.1")


def test_the_built_book_serves_exactly_the_vendored_files(book_html):
    manifest = json.loads(vendor_widgets.MANIFEST.read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        served = book_html / "widgets" / name
        assert served.exists(), f"the built book lacks widgets/{name}"
        assert vendor_widgets.sha256(served) == digest, f"widgets/{name} differs from vendor/widgets"

#!/usr/bin/env python3
"""The widget JavaScript the book serves itself: rebuild it from its pinned sources, or check it.

``vendor/widgets/`` holds ``runtime.js``, the book's widget runtime, and ``LICENSES.txt``, the
licence of every package bundled into it, plus ``MANIFEST.json``: the bundled packages and
versions, the widget classes the runtime offers per module, the sha256 of every file,
``sources`` (a digest of what the runtime is built from) and ``matches``, the ipywidgets pin in
requirements.txt the runtime was built for.

The runtime is built in ``tools/widget-runtime/``: ipywidgets' own ``@jupyter-widgets/base``,
``base-manager`` and ``controls`` packages (pinned in its package-lock.json) with a small manager
that renders a page's embedded widget state, bundled by esbuild (see its build.mjs).

    tools/vendor_widgets.py --check     # files, checksums, sources and versions match the manifest
    tools/vendor_widgets.py --refresh   # npm ci, build twice (must be byte-identical), rewrite vendor/

``--refresh`` runs ``npm ci --ignore-scripts`` (the npm registry, only the locked versions) and
node; ``make vendor`` calls it.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "vendor" / "widgets"
MANIFEST = VENDOR / "MANIFEST.json"
REQUIREMENTS = ROOT / "requirements.txt"
SOURCES = ROOT / "tools" / "widget-runtime"
#: What the runtime is built from; ``sources`` in the manifest is their digest.
SOURCE_FILES = ("package.json", "package-lock.json", "build.mjs", "src", "licences")
RUNTIME = "runtime.js"
LICENCES = "LICENSES.txt"
BUILT_FILES = (RUNTIME, LICENCES)
#: The packages the runtime takes its widget classes from; JupyterLab's widget extension
#: (jupyterlab_widgets, installed with ipywidgets) bundles them too, in the versions that go
#: with the pinned ipywidgets.
WIDGET_PACKAGES = ("@jupyter-widgets/base", "@jupyter-widgets/base-manager", "@jupyter-widgets/controls")
LAB_LICENCES = "share/jupyter/labextensions/@jupyter-widgets/jupyterlab-manager/static/third-party-licenses.json"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_digest(folder: Path | None = None) -> str:
    """One sha256 over the runtime's sources: each file's path and bytes, in path order."""
    folder = folder or SOURCES
    digest = hashlib.sha256()
    for entry in SOURCE_FILES:
        path = folder / entry
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def pinned_ipywidgets() -> str:
    """The exact ipywidgets pin in requirements.txt, e.g. ``ipywidgets==8.1.9``."""
    found = re.search(r"^ipywidgets==(\S+)", REQUIREMENTS.read_text(encoding="utf-8"), re.M)
    if not found:
        raise SystemExit(f"{REQUIREMENTS}: no exact ipywidgets pin (ipywidgets==X.Y.Z)")
    return f"ipywidgets=={found.group(1)}"


def lab_widget_versions() -> dict[str, str]:
    """The @jupyter-widgets packages and versions the installed jupyterlab_widgets ships."""
    files = metadata.distribution("jupyterlab_widgets").files or []
    listing = next((f for f in files if f.as_posix().endswith(LAB_LICENCES)), None)
    if listing is None:
        raise FileNotFoundError(f"jupyterlab_widgets installs no {LAB_LICENCES}")
    packages = json.loads(Path(listing.locate()).read_text(encoding="utf-8"))["packages"]
    return {p["name"]: p["versionInfo"] for p in packages if p["name"] in WIDGET_PACKAGES}


def version_problems(bundled: dict[str, dict]) -> list[str]:
    """How the bundled widget packages differ from those JupyterLab uses with the pinned ipywidgets."""
    pin = pinned_ipywidgets()
    if f"ipywidgets=={metadata.version('ipywidgets')}" != pin:
        return [f"the installed ipywidgets {metadata.version('ipywidgets')} is not the pinned {pin}: run `make book`"]
    found = []
    for name, version in sorted(lab_widget_versions().items()):
        have = bundled.get(name, {}).get("version")
        if have != version:
            found.append(f"{name}: the runtime bundles {have}, JupyterLab uses {version} with {pin}")
    return found


def licence_problems(folder: Path, bundled: dict[str, dict]) -> list[str]:
    """Bundled packages that LICENSES.txt does not name with a licence text after it."""
    path = folder / LICENCES
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    sections = text.split("=" * 72)[1:]  # heading, text, heading, text, ...
    headings = "\n".join(sections[0::2])
    texts = sections[1::2]
    found = [f"{LICENCES} has a heading without a licence text" for t in texts if len(t.strip()) < 200]
    for name, info in sorted(bundled.items()):
        if f"{name} {info['version']} (" not in headings:
            found.append(f"{LICENCES} lacks the licence of {name} {info['version']}")
    return found


def problems() -> list[str]:
    """Everything wrong with vendor/widgets compared with its manifest, its sources and the pins."""
    if not MANIFEST.exists():
        return [f"{MANIFEST} is missing: run `make vendor`"]
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    found = []
    listed = manifest.get("files", {})
    present = {p.name for p in VENDOR.iterdir() if p.is_file() and p.name != MANIFEST.name}
    for name in sorted(present - set(listed)):
        found.append(f"vendor/widgets/{name} is not in MANIFEST.json")
    for name, digest in sorted(listed.items()):
        path = VENDOR / name
        if not path.exists():
            found.append(f"vendor/widgets/{name} is listed in MANIFEST.json but missing")
        elif sha256(path) != digest:
            found.append(f"vendor/widgets/{name}: sha256 {sha256(path)} != manifest {digest}")
    for required in BUILT_FILES:
        if required not in listed:
            found.append(f"MANIFEST.json does not list {required}")
    if manifest.get("sources") != source_digest():
        found.append("tools/widget-runtime changed since vendor/widgets was built: run `make vendor`")
    pin = pinned_ipywidgets()
    if manifest.get("matches") != pin:
        found.append(f"MANIFEST.json matches {manifest.get('matches')!r} but requirements.txt pins {pin}")
    bundled = manifest.get("packages", {})
    found += version_problems(bundled)
    found += licence_problems(VENDOR, bundled)
    return found


def install(folder: Path = SOURCES) -> None:
    """Install exactly the locked packages (no install scripts run)."""
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], check=True, cwd=folder)


def build(out: Path, folder: Path = SOURCES) -> dict[str, dict]:
    """Build the runtime into ``out``; returns what build.mjs reports: ``packages`` (bundled,
    {name: {version, license}}) and ``classes`` (the names each widget module offers)."""
    result = subprocess.run(["node", "build.mjs", str(out)], check=True, cwd=folder, capture_output=True, text=True)
    return json.loads(result.stdout)


def same_files(first: Path, second: Path) -> list[str]:
    """The built files that differ between two folders (byte for byte)."""
    return [name for name in BUILT_FILES if not filecmp.cmp(first / name, second / name, shallow=False)]


def refresh() -> None:
    """npm ci, build twice (the two must be byte-identical), then replace vendor/widgets."""
    install()
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "first", Path(tmp) / "second"
        built = build(first)
        build(second)
        differ = same_files(first, second)
        if differ:
            raise SystemExit(f"two builds of the runtime differ in {differ}: the build is not reproducible")
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        VENDOR.mkdir(parents=True)
        for name in BUILT_FILES:
            shutil.copyfile(first / name, VENDOR / name)
    lock = json.loads((SOURCES / "package-lock.json").read_text(encoding="utf-8"))
    manifest = {
        "_comment": "The book's widget runtime, built from tools/widget-runtime by 'make vendor' (no CDN); "
        "tests check these checksums and versions.",
        "built_from": "tools/widget-runtime",
        "sources": source_digest(),
        "esbuild": lock["packages"]["node_modules/esbuild"]["version"],
        "matches": pinned_ipywidgets(),
        "packages": built["packages"],
        "classes": built["classes"],
        "files": {p.name: sha256(p) for p in sorted(VENDOR.iterdir())},
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    size = (VENDOR / RUNTIME).stat().st_size
    print(f"vendor/widgets: {RUNTIME} {size / 1000:.0f} KB, {len(built['packages'])} packages; two builds identical")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="verify vendor/widgets against MANIFEST.json")
    action.add_argument("--refresh", action="store_true", help="rebuild vendor/widgets from tools/widget-runtime")
    args = parser.parse_args(argv)
    if args.refresh:
        refresh()
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    if not found:
        print("vendor/widgets matches MANIFEST.json, its sources and requirements.txt")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

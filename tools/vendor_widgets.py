#!/usr/bin/env python3
"""The widget JavaScript the book serves itself: refresh it from npm, or check it.

``vendor/widgets/`` holds ``@jupyter-widgets/html-manager``'s standalone ``embed.js``
(it needs no require.js), its licence notes and the font files it loads, plus
``MANIFEST.json``: package, version, the sha256 of every file, and ``matches``, the
ipywidgets pin in requirements.txt the bundle was chosen for.

    tools/vendor_widgets.py --check              # files and checksums match the manifest
    tools/vendor_widgets.py --refresh            # download the manifest's version again
    tools/vendor_widgets.py --refresh --version 1.0.16

``--refresh`` runs ``npm pack`` (the npm registry) in a temporary folder, so nothing is
installed; ``make vendor`` calls it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "vendor" / "widgets"
MANIFEST = VENDOR / "MANIFEST.json"
REQUIREMENTS = ROOT / "requirements.txt"
PACKAGE = "@jupyter-widgets/html-manager"
SOURCE_FOLDER = "dist"
FONTS = (".woff", ".woff2", ".ttf", ".eot", ".svg")
#: html-manager is published from the ipywidgets repository, whose licence covers it, but
#: its npm package carries no licence file: the book ships ipywidgets' own under this name.
LICENSE_NAME = "LICENSE.html-manager.txt"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pinned_ipywidgets() -> str:
    """The exact ipywidgets pin in requirements.txt, e.g. ``ipywidgets==8.1.9``."""
    found = re.search(r"^ipywidgets==(\S+)", REQUIREMENTS.read_text(encoding="utf-8"), re.M)
    if not found:
        raise SystemExit(f"{REQUIREMENTS}: no exact ipywidgets pin (ipywidgets==X.Y.Z)")
    return f"ipywidgets=={found.group(1)}"


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def satisfies_caret(version: str, caret_range: str) -> bool:
    """npm's ``^X.Y.Z``: at least X.Y.Z, same major version (for X > 0).

    >>> satisfies_caret("1.0.15", "^1.0.1"), satisfies_caret("2.0.0", "^1.0.1")
    (True, False)
    """
    if not caret_range.startswith("^"):
        raise ValueError(f"expected a ^ range, got {caret_range!r}")
    low = _version(caret_range[1:])
    have = _version(version)
    return have >= low and have[0] == low[0]


def installed_ipywidgets_range() -> str:
    """The html-manager versions the installed ipywidgets declares it works with."""
    from ipywidgets import _version as ipywidgets_version

    return ipywidgets_version.__html_manager_version__


def problems() -> list[str]:
    """Everything wrong with vendor/widgets compared with its manifest and the pins."""
    found = []
    if not MANIFEST.exists():
        return [f"{MANIFEST} is missing: run `make vendor`"]
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    if manifest.get("package") != PACKAGE:
        found.append(f"MANIFEST.json names package {manifest.get('package')!r}, not {PACKAGE}")
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
    for required in ("embed.js", LICENSE_NAME):
        if required not in listed:
            found.append(f"MANIFEST.json does not list {required}")
    pin = pinned_ipywidgets()
    if manifest.get("matches") != pin:
        found.append(f"MANIFEST.json matches {manifest.get('matches')!r} but requirements.txt pins {pin}")
    installed = metadata.version("ipywidgets")
    if f"ipywidgets=={installed}" == pin:
        wanted = installed_ipywidgets_range()
        if not satisfies_caret(manifest.get("version", "0"), wanted):
            found.append(f"{PACKAGE} {manifest.get('version')} is outside {wanted}, what {pin} works with")
    else:
        found.append(f"the installed ipywidgets {installed} is not the pinned {pin}: run `make book`")
    return found


def refresh(version: str) -> None:
    """Download ``PACKAGE@version`` with npm pack and rewrite vendor/widgets and its manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{version}", "--pack-destination", tmp, "--silent"],
            check=True, cwd=tmp, stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        dist = Path(tmp) / "package" / SOURCE_FOLDER
        wanted = [dist / "embed.js", dist / "embed.js.LICENSE.txt"]
        wanted += sorted(p for p in dist.iterdir() if p.suffix in FONTS)
        packed = json.loads((Path(tmp) / "package" / "package.json").read_text(encoding="utf-8"))
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        VENDOR.mkdir(parents=True)
        for path in wanted:
            shutil.copyfile(path, VENDOR / path.name)
    licence = next(
        f for f in metadata.distribution("ipywidgets").files if f.name.upper().startswith("LICENSE")
    )
    shutil.copyfile(licence.locate(), VENDOR / LICENSE_NAME)
    manifest = {
        "_comment": "Widget JavaScript served by the book itself (no CDN). Refresh with 'make vendor'; "
        "tests check these checksums.",
        "package": PACKAGE,
        "version": packed["version"],
        "license": packed.get("license", ""),
        "matches": pinned_ipywidgets(),
        "source_folder": SOURCE_FOLDER,
        "files": {p.name: sha256(p) for p in sorted(VENDOR.iterdir())},
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"vendor/widgets: {PACKAGE} {packed['version']}, {len(manifest['files'])} files")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="verify vendor/widgets against MANIFEST.json")
    action.add_argument("--refresh", action="store_true", help="download the package again with npm pack")
    parser.add_argument("--version", help="the html-manager version to refresh to (default: the manifest's)")
    args = parser.parse_args(argv)
    if args.refresh:
        version = args.version or json.loads(MANIFEST.read_text(encoding="utf-8"))["version"]
        refresh(version)
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    if not found:
        print("vendor/widgets matches MANIFEST.json and requirements.txt")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

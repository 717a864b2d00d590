"""JupyterLab's settings for the book's learners (Binder's ``postBuild`` and ``make lab`` write them).

With jupytext as the default viewer of Markdown (``jupytext-config set-default-viewer``), every
``.md`` file of the book opens as a notebook, the pages without code too (the glossary, the
prerequisites, the references, the appendix, the instructor pages): they carry no kernelspec, and
JupyterLab asked "Select Kernel" on each. JupyterLab chooses its viewer by file type, not by file, so
they cannot open as plain Markdown while the chapters open as notebooks; instead JupyterLab starts
its default kernel (Python 3, the chapters' own) without asking, and those pages open like the rest.

``python -m mlops_book.lab_settings`` merges :data:`SETTINGS` into the ``labconfig`` overrides of the
Jupyter configuration folder (``JUPYTER_CONFIG_DIR``, else ``~/.jupyter``), where jupytext-config
writes its own, keeping every other setting.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = write(folder)
>>> json.loads((folder / "labconfig" / OVERRIDES).read_text())[TRACKER]
{'autoStartDefaultKernel': True}
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: JupyterLab's notebook settings (its plugin id).
TRACKER = "@jupyterlab/notebook-extension:tracker"
#: What the book sets: a notebook without a kernelspec starts the default kernel instead of asking.
SETTINGS = {TRACKER: {"autoStartDefaultKernel": True}}
#: The file of default setting overrides JupyterLab reads from ``<config dir>/labconfig``.
OVERRIDES = "default_setting_overrides.json"


def write(config_dir: Path) -> Path:
    """Merge :data:`SETTINGS` into ``config_dir/labconfig/default_setting_overrides.json``; its path."""
    path = Path(config_dir) / "labconfig" / OVERRIDES
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for plugin, values in SETTINGS.items():
        settings.setdefault(plugin, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return path


def main() -> int:
    from jupyter_core.paths import jupyter_config_dir

    print(f"JupyterLab settings for the book written to {write(Path(jupyter_config_dir()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""JupyterLab's file access for the book: jupytext's, opening each chapter with what its kernel will record.

When its kernel starts, JupyterLab writes the kernel's ``language_info`` into the notebook's metadata;
a chapter opened from its ``.md`` file has none (jupytext does not store it, as it names the exact
Python), so every chapter showed as modified the moment it opened, and closing it asked to save. This
contents manager is jupytext's, but hands JupyterLab each text notebook with the ``language_info``
this environment's kernel reports (ipykernel's, from the same Python: on Binder and under ``make lab``
the kernel runs in the server's environment). The kernel then finds nothing to change; saving still
stores no ``language_info`` in the ``.md``, so the file stays as it was.

``python -m mlops_book.lab_contents`` (run by ``postBuild`` and ``make lab``) makes Jupyter use it, in
``jupyter_server_config.json`` of Jupyter's configuration folder (``JUPYTER_CONFIG_DIR``).

>>> info = kernel_language_info()
>>> info["name"], info["file_extension"]
('python', '.py')
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jupytext import AsyncTextFileContentsManager

#: How Jupyter's configuration names the class (``ServerApp.contents_manager_class``).
CLASS_NAME = "mlops_book.lab_contents.ChapterContentsManager"


def kernel_language_info() -> dict:
    """What ipykernel reports as ``language_info`` when it runs in this Python."""
    from ipykernel.ipkernel import IPythonKernel

    return json.loads(json.dumps(IPythonKernel.language_info))


class ChapterContentsManager(AsyncTextFileContentsManager):
    """jupytext's contents manager, with the kernel's ``language_info`` on every text notebook it reads."""

    async def get(self, path, content=True, type=None, format=None, **kwargs):  # noqa: A002 (Jupyter's names)
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if model.get("type") == "notebook" and model.get("content") and not str(path).endswith(".ipynb"):
            model["content"]["metadata"].setdefault("language_info", kernel_language_info())
        return model


def configure(config_dir: Path) -> Path:
    """Set ``ServerApp.contents_manager_class`` in ``config_dir/jupyter_server_config.json`` (other
    settings kept); returns the file."""
    path = Path(config_dir) / "jupyter_server_config.json"
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    settings.setdefault("ServerApp", {})["contents_manager_class"] = CLASS_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    from jupyter_core.paths import jupyter_config_dir

    print(f"{configure(Path(jupyter_config_dir()))}: JupyterLab opens the chapters with {CLASS_NAME}")
    sys.exit(0)

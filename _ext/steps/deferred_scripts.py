"""Let the browser paint a page before it runs the page's scripts: every script file gets ``defer``.

Why: Sphinx and the themes' extensions put a dozen script files in each page's ``<head>``
without ``async`` or ``defer`` (Sphinx's own doctools and search, copybutton, togglebutton,
sphinx-design's tabs, the book theme's script, the book's own sidebar and widget scripts). The
browser stops reading the page at each one until it has downloaded and run it, so nothing shows
before all of them have arrived: Lighthouse's mobile run counts about half a second of first
paint for them. Deferred scripts still run in the order the page lists them, once the page has
been read and before ``DOMContentLoaded``; every one of these waits for that event or checks
``document.readyState`` already, and the inline scripts among them (settings such as
``toggleHintShow`` or thebe's configuration) only define values the files read later, so the
pages behave as before (tests/browser). Scripts that already say ``async`` or ``defer``, inline
scripts, and scripts of another ``type`` (the widget state) are left as they are.

>>> from sphinx.builders.html._assets import _JavaScript
>>> deferred(_JavaScript("_static/doctools.js", priority=200)).attributes
{'defer': 'defer'}
>>> deferred(_JavaScript("x.js", **{"async": "async"})).attributes, deferred(_JavaScript(None, body="let a;")).filename
({'async': 'async'}, None)
"""

from __future__ import annotations

from sphinx.builders.html._assets import _JavaScript

#: Not a work-around of a pinned tool: the book's own page-speed step (tests/test_hygiene.py).
PATCHES = {}

#: Script types a browser runs as classic scripts (``defer`` applies to these alone).
CLASSIC = {"", "text/javascript", "application/javascript"}


def deferred(script):
    """The script, deferred if it is a classic script file that neither defers nor loads async."""
    attributes = getattr(script, "attributes", None)
    if attributes is None or not script.filename or "body" in attributes:
        return script
    if "async" in attributes or "defer" in attributes or attributes.get("type", "") not in CLASSIC:
        return script
    return _JavaScript(script.filename, priority=script.priority, **attributes, defer="defer")


def defer_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [deferred(s) for s in scripts]


def setup(app):
    # after the extensions that add a page's scripts in the same event (myst-nb's widget script)
    app.connect("html-page-context", defer_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

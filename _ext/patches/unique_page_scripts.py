"""Give every page each of its inline scripts once.

Why: sphinx-thebe (and sphinx-togglebutton) register inline scripts with
``app.add_js_file(None, body=...)`` after the HTML builder exists. Sphinx 7.4
then records the script twice: once on the builder as ``_JavaScript(None)``
and again, from its registry, as ``_JavaScript('')`` when writing starts;
the two do not compare equal, so both reach every page. For thebe's
``const THEBE_JS_URL = ...`` the second copy throws
``Identifier 'THEBE_JS_URL' has already been declared`` in every browser.

The fix drops exact repeats (same file or body, same attributes) from each
page's script list, keeping the first, so the page order does not change.

Upstream: sphinx-doc/sphinx#13402 ("Sphinx.add_js_file(): replace None filename
with '' before passing to HTML builder", merged March 2025, which names this very
THEBE_JS_URL error); Sphinx 7.4.7, pinned here, does not have it. Drop this
extension once the pinned Sphinx does.
"""

from __future__ import annotations

#: The pinned versions this patch was checked against (tests/test_hygiene.py compares them
#: with requirements.txt, so a new version means re-checking the patch).
PATCHES = {"sphinx": "7.4.7", "sphinx-thebe": "0.3.1", "sphinx-togglebutton": "0.4.5"}


def _identity(script) -> tuple:
    attributes = getattr(script, "attributes", {})
    filename = getattr(script, "filename", script) or ""
    return filename, tuple(sorted(attributes.items()))


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        identity = _identity(script)
        if identity not in seen:
            seen.add(identity)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", drop_repeated_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

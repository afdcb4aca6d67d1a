"""Jupyter Book 1 always loads sphinx-thebe, which injects inline scripts, adds its loader twice under Sphinx
7.4 (a console error on every page) and loads thebe from a CDN. The site has no live kernel, so it is
switched off here. No configuration does this: the one piece of private-API surgery in the build, kept in
one function; ``tests/test_sphinxext.py`` fails loudly if an upgrade changes what it relies on.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def drop_thebe(app: Sphinx) -> None:
    """sphinx-thebe (always loaded by Jupyter Book 1) injects inline scripts, a loader added twice under
    Sphinx 7.4 (a console error on every page) and thebe from a CDN; the site has no live kernel, so its
    event handlers are disconnected before any of them runs."""
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)
    app.registry.css_files = [(name, attrs) for name, attrs in app.registry.css_files if "thebe" not in name]
    app.registry.js_files = [(name, attrs) for name, attrs in app.registry.js_files if "thebe" not in str(name)]

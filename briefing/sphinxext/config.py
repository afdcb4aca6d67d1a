"""Configuration the build sets itself, before anything is read.

Contract: the data package is validated first (a bad cell stops the build with file, line and column,
before any page is written); chapter kernels, which start in ``book/``, import this checkout's package
(Python's own ``PYTHONPATH``, so a second checkout never runs the first one's code); the book's renderer of
figures is installed; the book's static files, template overrides and favicon are added; the theme's
buttons and the site's address follow the workflow's environment.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from briefing import data as bdata
from briefing.sphinxext.pages import site_address, theme_options

logger = logging.getLogger(__name__)
PACKAGE_DIR = Path(__file__).resolve().parent.parent
STATIC = PACKAGE_DIR / "static"


def on_config_inited(app: Sphinx, config) -> None:
    # Chapter kernels start in book/: make them import this checkout's package (and so read its data).
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(app.srcdir)), os.environ.get("PYTHONPATH")]))
    _require_the_figure_renderer()
    try:
        counts = bdata.validate()
    except bdata.DataError as err:
        raise ExtensionError(f"the data package is invalid, nothing was built.\n{err}") from None
    logger.info(f"[briefing] data package valid: {sum(counts.values())} rows in {len(counts)} tables")
    config.html_static_path.append(str(STATIC))
    config.templates_path.insert(0, str(PACKAGE_DIR / "html_templates"))  # overrides of theme templates
    config.html_favicon = config.html_favicon or str(STATIC / "briefing" / "favicon.svg")  # no 404 per visit
    theme_options(config)
    site_address(config)


def _require_the_figure_renderer() -> None:
    """Without the book's myst-nb plugin every figure would become a line of plain text: stop instead."""
    from myst_nb.core.render import load_mime_renders

    from briefing.sphinxext.outputs import BookOutputs

    if not any(plugin.__name__ == BookOutputs.__name__ for plugin in load_mime_renders()):
        raise ExtensionError(
            "myst-nb does not know the book's figure renderer (the package's entry point is missing): "
            "run `pip install -e .` (or `make setup`) in this checkout, then build again."
        )

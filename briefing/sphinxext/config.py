"""Configuration the build sets itself, before anything is read.

Contract: the data package is validated first (a bad cell stops the build with file, line and column,
before any page is written); chapter kernels import this checkout's package (``PYTHONPATH``) and render
figures for the site (``BRIEFING_BUILD``); the book's static files, template overrides and favicon are
added; the theme's buttons and the site's address follow the workflow's environment.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from briefing import data as bdata
from briefing.display import BUILD_ENV
from briefing.sphinxext.pages import site_address, theme_options

logger = logging.getLogger(__name__)
PACKAGE_DIR = Path(__file__).resolve().parent.parent
STATIC = PACKAGE_DIR / "static"


def on_config_inited(app: Sphinx, config) -> None:
    os.environ[BUILD_ENV] = "1"  # every chapter kernel renders figures as static HTML
    # Chapter kernels start in book/: make them import this checkout's package and read this data.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(app.srcdir)), os.environ.get("PYTHONPATH")]))
    os.environ["BRIEFING_DATA_DIR"] = str(bdata.data_dir())
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

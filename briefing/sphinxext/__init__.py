"""The book's Sphinx extension (listed in ``_config.yml``): setup only. Each room has its contract:

- :mod:`~briefing.sphinxext.config`: validate the data before anything is read; static files, templates,
  theme buttons and the site's address.
- :mod:`~briefing.sphinxext.outputs`: the myst-nb plugin that renders figures and chapter records.
- :mod:`~briefing.sphinxext.dependencies`: which chapter read which table; re-execute on change.
- :mod:`~briefing.sphinxext.sources`: the generated Sources page.
- :mod:`~briefing.sphinxext.pages`: page dates, notebook downloads, link previews.
- :mod:`~briefing.sphinxext.descriptions`: each page's description, from its key points.
- :mod:`~briefing.sphinxext.publish`: runtime, icons and data into the site, then the policy check.
- :mod:`~briefing.sphinxext.security`, :mod:`~briefing.sphinxext.icons`, :mod:`~briefing.sphinxext.previews`,
  :mod:`~briefing.sphinxext.runtime`: the pieces ``publish`` and ``pages`` use; :mod:`~briefing.sphinxext.thebe`:
  sphinx-thebe switched off.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from briefing.sphinxext import config, dependencies, descriptions, pages, publish, sources
from briefing.sphinxext.icons import STYLESHEET as ICONS
from briefing.sphinxext.parallel import declare_parallel_safe
from briefing.sphinxext.thebe import drop_thebe


def setup(app: Sphinx) -> dict:
    """Connect each room's handlers and register the assets every page loads."""
    drop_thebe(app)
    app.add_config_value("briefing_pdf_edition", "", "html")
    app.connect("config-inited", config.on_config_inited)
    app.connect("config-inited", pages.pdf_edition)
    app.connect("config-inited", declare_parallel_safe)
    app.connect("env-get-outdated", dependencies.on_env_get_outdated)
    app.connect("env-before-read-docs", dependencies.check_before_reading)
    app.add_env_collector(dependencies.ChapterRecords)
    app.connect("doctree-resolved", sources.on_doctree_resolved)
    app.connect("env-updated", pages.notebooks_from_cache)
    app.connect("html-page-context", pages.on_page_context, priority=900)
    app.connect("html-page-context", pages.on_page_preview, priority=400)  # before sphinxext-opengraph (500)
    app.connect("html-page-context", descriptions.on_page_description, priority=400)  # before opengraph too
    app.connect("html-page-context", pages.on_page_citation, priority=400)  # before the theme's footer check
    app.connect("html-page-context", pages.on_page_pdf, priority=400)
    app.connect(
        "build-finished", publish.on_build_finished, priority=900
    )  # after sphinx-external-toc writes index.html
    app.add_node(sources.sources_placeholder)
    app.add_directive("briefing-sources", sources.SourcesDirective)
    app.add_js_file("briefing/charts.js", loading_method="defer")
    app.add_js_file("briefing/share.js", loading_method="defer")
    app.add_js_file("briefing/page.js", loading_method="defer")
    app.add_css_file("briefing/briefing.css")
    app.add_css_file(ICONS)
    app.add_css_file("briefing/print.css", media="print")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

"""The book's own outputs, rendered by myst-nb: figures and each chapter's record.

Contract: a chapter's kernel displays two kinds of bundle of the book's own MIME types. A figure
(:data:`briefing.display.FIGURE_MIME`) becomes the figure's static HTML, its CSV and its live chart's Vega
spec files the site publishes (``figures/<name>.csv`` and ``figures/<name>.vega.js``, written with the rest
at the end of the build), so the page itself carries the picture, not the spec; a chapter's record
(:data:`briefing.facts.CHAPTER_MIME`, from ``b.chapter_sources()``) becomes its list of sources and is
stored, per document, in the build environment (:mod:`briefing.sphinxext.dependencies`): the tables and
sources the chapter used. The plain Vega-Lite spec beside a figure's bundle is for Jupyter front ends and
is left out. myst-nb finds this plugin through the ``myst_nb.mime_renderers`` entry point.
"""

from __future__ import annotations

from dataclasses import replace

from docutils import nodes

from briefing.display import FIGURE_MIME, VEGALITE_MIME, figure_html, figure_vega
from briefing.facts import CHAPTER_MIME


class BookOutputs:
    """myst-nb MIME render plugin for the book's figures and chapter records."""

    # Before every other type of the same output (myst-nb sorts priorities in ascending order).
    mime_priority_overrides = (("*", FIGURE_MIME, 1), ("*", CHAPTER_MIME, 1))

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if data.mime_type == VEGALITE_MIME:
            return []  # for Jupyter front ends; the page draws the figure's own bundle
        if inline or data.mime_type not in (FIGURE_MIME, CHAPTER_MIME):
            return None
        from briefing.sphinxext.dependencies import record_chapter, record_download, record_spec

        env = getattr(renderer.renderer.document.settings, "env", None)
        if data.mime_type == FIGURE_MIME:
            if env is None:
                html = figure_html(data.content)
            else:
                name, vega = data.content["name"], figure_vega(data.content)
                csv_href = record_download(env, name, data.content["csv"])
                spec_href = record_spec(env, name, vega)
                html = figure_html(data.content, csv_href, spec_href, vega)
            return [nodes.raw(text=html, format="html", classes=["output", "text_html"])]
        if env is not None:
            record_chapter(env, data.content)
        markdown = replace(data, mime_type="text/markdown", content=data.content["markdown"])
        # The list is MyST (escaped text, links): rendered as myst-nb renders a Markdown output.
        return renderer._render_markdown_base(markdown, fmt="myst", inline=False)

"""Each page's description (``<meta name="description">`` and ``og:description``): what a search engine or a
chat app shows under the title. It is the page's first key points (its "Key points" admonition, with the
glued numbers already in place), else its first paragraph, cut at a sentence end near 155 characters.

Runs before sphinxext-opengraph (priority 500), which then keeps our description instead of the page's
opening text.
"""

from __future__ import annotations

import html
import re

from docutils import nodes

#: Search engines show about this many characters; a description stops at the last sentence end before it.
LIMIT = 160
#: Whole sentences shorter than this say too little: the description then runs on to a word near the limit.
MIN_WHOLE = 100


def _key_points(doctree) -> list[str]:
    """The items of the page's "Key points" admonition, as plain text."""
    for admonition in doctree.findall(nodes.admonition):
        titles = [t for t in admonition.children if isinstance(t, nodes.title)]
        if titles and titles[0].astext().strip().lower() == "key points":
            items = [i.astext() for i in admonition.findall(nodes.list_item)]
            return items or [p.astext() for p in admonition.children if isinstance(p, nodes.paragraph)]
    return []


def _first_paragraph(doctree) -> list[str]:
    """The page's first paragraph of prose (not inside an admonition, a table or a figure's output)."""
    for paragraph in doctree.findall(nodes.paragraph):
        parent = paragraph.parent
        if isinstance(parent, (nodes.section, nodes.document)):
            text = paragraph.astext().strip()
            if len(text) > 40:
                return [text]
    return []


def shorten(texts: list[str], limit: int = LIMIT) -> str:
    """Whole sentences from ``texts`` that fit in ``limit`` characters; when they would be shorter than
    ``MIN_WHOLE`` (a long first sentence, or a short one before a long one), the whole words that fit,
    ending in "…"."""
    text = re.sub(r"\s+", " ", " ".join(t.strip() for t in texts)).strip()
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\u201c\"(])", text)
    kept = ""
    for sentence in sentences:
        if len((kept + " " + sentence).strip()) > limit:
            break
        kept = (kept + " " + sentence).strip()
    if len(kept) >= MIN_WHOLE:  # else a short first sentence says too little: go on into the next
        return kept
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def describe(doctree) -> str:
    """The page's description: its first key points, else its first paragraph ("" when it has neither)."""
    return shorten(_key_points(doctree) or _first_paragraph(doctree))


def on_page_description(app, pagename, templatename, context, doctree):
    """Write the description as the page's meta description and hand it to sphinxext-opengraph."""
    if doctree is None:
        return
    description = describe(doctree)
    if not description:
        return
    # Escaped once here as sphinxext-opengraph escapes its tags (quotes), so both tags read the same.
    escaped = html.escape(description, quote=False)
    context["meta"] = {**(context.get("meta") or {}), "og:description": escaped}  # opengraph's override
    tag = '<meta name="description" content="{}" />\n'.format(escaped.replace('"', "&quot;"))
    context["metatags"] = context.get("metatags", "") + tag

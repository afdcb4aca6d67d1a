"""The Sources page: every source in ``data/sources.csv`` with the tables and chapters that use it.

Contract: a chapter writes the ``briefing-sources`` directive; once every chapter has been read, it is
replaced by the list (publisher, title and address, the copy read, dates, kind, terms, tables, chapters).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from briefing import data as bdata
from briefing.source_names import source_name
from briefing.sphinxext.dependencies import records


class sources_placeholder(nodes.General, nodes.Element):
    """Replaced by the list of sources once every chapter has been read."""


class SourcesDirective(SphinxDirective):
    has_content = False

    def run(self):
        return [sources_placeholder()]


def _sources_nodes(app: Sphinx, fromdocname: str) -> list[nodes.Node]:
    _, tables = bdata.read_package()
    sources = tables["sources"].rows
    used_in_tables: dict[str, list[str]] = {}
    for name, table in tables.items():
        if name != "sources" and "source_id" in table.fields:
            for sid in {row["source_id"] for row in table.rows}:
                used_in_tables.setdefault(sid, []).append(name)
    # A chapter lists a source when it cites it (its figures' rows, its glued numbers, its cite() calls).
    chapters_citing: dict[str, list[str]] = {}
    for docname, entry in sorted(records(app.env).items()):
        for sid in entry["sources"]:
            chapters_citing.setdefault(sid, []).append(docname)
    # The package as published (data/, beside the site's pages), never a copy under _downloads/ whose
    # descriptor would point at tables that are not beside it.
    up = "../" * fromdocname.count("/")
    package = nodes.paragraph(classes=["briefing-package"])
    package += nodes.Text("The whole data package: ")
    package += nodes.reference(text="all of it in one zip file", refuri=f"{up}briefing-data.zip")
    package += nodes.Text(", or its descriptor, ")
    package += nodes.reference(text="data/datapackage.json", refuri=f"{up}data/datapackage.json")
    package += nodes.Text(", beside the tables it lists.")
    items = nodes.bullet_list(classes=["briefing-sources"])
    for row in sorted(sources, key=lambda r: (r["publisher"].lower(), r["published"])):
        sid, source = row["source_id"], source_name(row)
        para = nodes.paragraph(ids=[f"source-{sid}"])
        para += nodes.strong(text=source.publisher)
        para += nodes.Text(", ")
        para += nodes.reference(text=source.title, refuri=source.url)
        if source.copy:
            para += nodes.Text(" (read in a copy: ")
            para += nodes.reference(text=source.copy_host, refuri=source.copy)
            para += nodes.Text(")")
        published = "undated" if source.published == "undated" else f"published {source.published}"
        para += nodes.Text(f" ({published}; read {row['accessed']}). ")
        para += nodes.emphasis(text=f"Kind: {source.kind_words}" + (" (official claims)" if source.claims else ""))
        para += nodes.Text(f". Terms: {row['terms']}. Identifier: ")
        para += nodes.literal(text=sid)
        used = sorted(used_in_tables.get(sid, []))
        chapters = sorted(set(chapters_citing.get(sid, [])))
        tables = ", ".join(f"{t}.csv" for t in used) if used else "none"
        para += nodes.Text(f". Data: {tables}" + (". Chapters: " if chapters else ". No chapter cites it yet"))
        for i, docname in enumerate(chapters):
            if i:
                para += nodes.Text(", ")
            title = app.env.titles[docname].astext() if docname in app.env.titles else docname
            para += nodes.reference(text=title, refuri=app.builder.get_relative_uri(fromdocname, docname))
        para += nodes.Text(".")
        items += nodes.list_item("", para)
    return [package, items]


def on_doctree_resolved(app, doctree, docname):
    for node in doctree.findall(sources_placeholder):
        node.replace_self(_sources_nodes(app, docname))

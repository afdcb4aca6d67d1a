"""The build's own rooms, on tiny fixture books (no chapter runs): what relies on other packages' insides
fails here, loudly, when an upgrade changes them."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def tiny_book(root: Path, extensions: list[str]) -> Sphinx:
    """A one-page book in ``root/src`` (which may already hold a local extension), built into ``root/out``."""
    src = root / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(f"import sys\nsys.path.insert(0, {str(src)!r})\nextensions = {extensions!r}\n")
    (src / "index.rst").write_text("Title\n=====\n\nText.\n")
    return Sphinx(str(src), str(src), str(root / "out"), str(root / "doctrees"), "html", status=None)


def thebe_listeners(app: Sphinx) -> list:
    return [
        listener
        for listeners in app.events.listeners.values()
        for listener in listeners
        if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe")
    ]


def test_sphinx_thebe_is_switched_off_completely(tmp_path):
    """As in the book: sphinx-thebe set up first (Jupyter Book lists it), then drop_thebe in our setup."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "drop.py").write_text(
        "from briefing.sphinxext.thebe import drop_thebe\n\ndef setup(app):\n    drop_thebe(app)\n"
    )
    probe = tiny_book(tmp_path / "probe", ["sphinx_thebe"])
    assert thebe_listeners(probe), "sphinx-thebe connects no handler any more: drop_thebe may have nothing to do"
    app = tiny_book(tmp_path, ["sphinx_thebe", "drop"])
    assert not thebe_listeners(app)
    app.build()
    html = (tmp_path / "out" / "index.html").read_text()
    assert "thebe" not in html.lower()
    assert not list((tmp_path / "out" / "_static").glob("*thebe*"))


def test_the_extension_registers_every_room_and_says_what_it_is_safe_for():
    import briefing.sphinxext as ext

    calls = []

    class Recorder:
        def __getattr__(self, name):
            return lambda *args, **kwargs: calls.append((name, args, kwargs))

    recorder = Recorder()
    recorder.events = type("E", (), {"listeners": {}})()
    recorder.registry = type("R", (), {"css_files": [], "js_files": []})()
    meta = ext.setup(recorder)
    events = {args[0] for name, args, _ in calls if name == "connect"}
    assert {"config-inited", "env-get-outdated", "html-page-context", "build-finished"} <= events
    assert [args[0].__name__ for name, args, _ in calls if name == "add_env_collector"] == ["ChapterRecords"]
    # What a chapter used travels in the environment, which Sphinx merges after a parallel read.
    assert meta["parallel_read_safe"] is True and meta["parallel_write_safe"] is True


def tiny_notebook_book(root: Path, figure, parallel: int = 1) -> Sphinx:
    """Two notebooks already run (myst-nb executes nothing): each shows a figure's bundle, with the plain
    Vega-Lite spec beside it, and ends with its chapter record, as a chapter's kernel leaves them."""
    import nbformat

    import briefing as b
    from briefing.display import FIGURE_MIME

    src = root / "src"
    src.mkdir(parents=True)
    (src / "records.py").write_text(
        "from briefing.sphinxext.dependencies import ChapterRecords\n\n"
        "def setup(app):\n    app.add_env_collector(ChapterRecords)\n"
        "    return {'parallel_read_safe': True, 'parallel_write_safe': True}\n"
    )
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(src)!r})\nextensions = ['myst_nb', 'records']\n"
        "nb_execution_mode = 'off'\nmaster_doc = 'one'\n"
    )
    for name, tables in (("one", ["opium_afghanistan", "sources"]), ("two", ["seizures", "sources"])):
        record = b.chapter_sources()._repr_mimebundle_()
        record[b.facts.CHAPTER_MIME]["tables"] = tables
        shown = figure._repr_mimebundle_()
        notebook = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_markdown_cell(
                    f"# {name.title()}\n\n```{{toctree}}\ntwo\n```" if name == "one" else "# Two"
                ),
                nbformat.v4.new_code_cell("fig", outputs=[nbformat.v4.new_output("display_data", data=shown)]),
                nbformat.v4.new_code_cell("src", outputs=[nbformat.v4.new_output("display_data", data=record)]),
            ],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        )
        nbformat.write(notebook, str(src / f"{name}.ipynb"))
    assert FIGURE_MIME in shown
    return Sphinx(str(src), str(src), str(root / "out"), str(root / "doctrees"), "html", status=None, parallel=parallel)


def test_the_figure_renderer_and_the_chapter_records_on_a_tiny_book(tmp_path):
    """A figure's bundle becomes its static figure on the page (the plain spec beside it is left out
    without a warning); each chapter's record lands in the environment, its tables as the page's
    dependencies; read in parallel, the records are the same."""
    import io

    import briefing as b
    from briefing.sphinxext.dependencies import records

    figure = b.figures.opium(title="A tiny figure")
    serial = tiny_notebook_book(tmp_path / "serial", figure)
    warnings = io.StringIO()
    serial._warning = warnings
    serial.build()
    page = (tmp_path / "serial" / "out" / "one.html").read_text(encoding="utf-8")
    assert page.count('class="briefing-chart"') == 1 and "A tiny figure" in page and "<svg" in page
    assert "Identifier" in page  # the chapter's list of sources, rendered from its record
    assert "unknown output mime type" not in warnings.getvalue()
    assert records(serial.env)["two"]["tables"] == ["seizures", "sources"]
    assert any(str(p).endswith("seizures.csv") for p in serial.env.dependencies["two"])

    parallel = tiny_notebook_book(tmp_path / "parallel", figure, parallel=2)
    parallel.build()
    strip = lambda recs: {d: {k: v for k, v in r.items() if k != "stamp"} for d, r in recs.items()}
    assert strip(records(parallel.env)) == strip(records(serial.env))


def test_jupyter_books_undeclared_extensions_are_declared_parallel_safe_for_the_versions_read(tmp_path):
    """Sphinx reads in parallel only when every extension says it may. The two Jupyter Book loads that say
    nothing are declared safe for the versions whose code was read; an upgrade fails here, to be read again."""
    from importlib.metadata import version

    from briefing.sphinxext.parallel import READ_AND_SAFE

    installed = {name: version(name.replace("_", "-")) for name in READ_AND_SAFE}
    assert installed == READ_AND_SAFE, "read the upgraded extensions again before declaring them parallel-safe"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "declare.py").write_text(
        "from briefing.sphinxext.parallel import declare_parallel_safe\n\n"
        "def setup(app):\n    app.connect('config-inited', declare_parallel_safe)\n    return {'parallel_read_safe': True}\n"
    )
    probe = tiny_book(tmp_path / "probe", list(READ_AND_SAFE))
    assert all(probe.extensions[name].parallel_read_safe is None for name in READ_AND_SAFE), "they declare it now"
    app = tiny_book(tmp_path, [*READ_AND_SAFE, "declare"])
    assert all(app.extensions[name].parallel_read_safe for name in READ_AND_SAFE)
    assert app.is_parallel_allowed("read")


def test_a_figure_whose_name_would_leave_the_figures_folder_stops_the_build(tmp_path):
    """A figure's name names its files in figures/: one that climbs out of it stops the build, naming it."""
    import pytest
    from sphinx.errors import SphinxError

    import briefing as b

    figure = b.figures.opium(name="../../escape", title="A tiny figure")
    book = tiny_notebook_book(tmp_path / "book", figure)
    with pytest.raises(SphinxError, match=r"a figure named '\.\./\.\./escape'"):
        book.build()
    assert not list(tmp_path.rglob("escape*"))

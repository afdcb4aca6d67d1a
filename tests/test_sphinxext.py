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

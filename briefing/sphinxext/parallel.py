"""Two extensions Jupyter Book 1 always loads say nothing about parallel reading, so Sphinx reads serially
and warns (fatal under ``-W``): sphinx-multitoc-numbering (it replaces how section numbers are assigned,
which Sphinx runs once, after every document is read and merged) and sphinx-jupyterbook-latex (transforms
of one document at a time, for the LaTeX builder). Neither keeps state per document, so both are declared
safe here, for the versions read; ``tests/test_sphinxext.py`` fails when an upgrade changes either, so the
declaration is looked at again rather than carried over.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: The extensions declared safe here, with the versions whose code was read.
READ_AND_SAFE = {"sphinx_multitoc_numbering": "0.1.3", "sphinx_jupyterbook_latex": "1.0.0"}


def declare_parallel_safe(app: Sphinx, config) -> None:
    """Runs at ``config-inited``, once every extension is loaded; an extension of another version is left
    undeclared, so Sphinx reads serially, as it would have."""
    from importlib.metadata import version

    for name, read in READ_AND_SAFE.items():
        extension = app.extensions.get(name)
        if extension is not None and extension.parallel_read_safe is None and version(name.replace("_", "-")) == read:
            extension.parallel_read_safe = True

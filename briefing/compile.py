"""Vega-Lite compiled to Vega at build time, so that a reader's browser needs only the Vega runtime (no
Vega-Lite compiler; see :mod:`briefing.sphinxext.runtime`)."""

from __future__ import annotations


def vega_spec(vl_spec: dict) -> dict:
    """The Vega spec that Vega-Lite compiles ``vl_spec`` to (vl-convert, the compiler version Altair's
    specs are written for). Bound parameters become Vega signals of the same name with the same ``bind``."""
    import vl_convert

    return vl_convert.vegalite_to_vega(vl_spec)  # a dict

"""How JupyterLab shows a chapter (``python -m briefing lab``): its set-up cells collapsed.

The chapters' hidden cells (``:tags: [remove-cell]``: imports, ``glue_facts``, figure glue) are removed
from the site; in JupyterLab they open collapsed, so a chapter reads as prose first. This contents
manager is jupytext's (chapters open as notebooks) with one step added each way: on opening, those cells
get JupyterLab's "source hidden" flag; on saving, the flag is dropped again, so the file on disk, and
git, never change because a cell was collapsed or expanded.
"""

from __future__ import annotations

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

#: Tags whose cells the site does not show: they open collapsed in JupyterLab.
SET_UP_TAGS = {"remove-cell", "remove-input", "hide-input", "hide-cell"}


def _is_set_up(cell) -> bool:
    tags = (cell.get("metadata") or {}).get("tags") or []
    return cell.get("cell_type") == "code" and bool(SET_UP_TAGS & set(tags))


class ChapterContentsManager(build_async_jupytext_contents_manager_class(AsyncLargeFileManager)):
    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if model.get("type") == "notebook" and model.get("content"):
            for cell in model["content"]["cells"]:
                if _is_set_up(cell):
                    cell["metadata"].setdefault("jupyter", {})["source_hidden"] = True
        return model

    async def save(self, model, path=""):
        if model.get("type") == "notebook" and model.get("content"):
            for cell in model["content"]["cells"]:
                if _is_set_up(cell):
                    view = cell["metadata"].get("jupyter", {})
                    view.pop("source_hidden", None)
                    if not view:
                        cell["metadata"].pop("jupyter", None)
        return await super().save(model, path)

// briefing-lab: Run All Cells keeps the reader where they were (python -m briefing lab loads it).
//
// JupyterLab 4's "Run All Cells" (and "Run Selected Cell and All Below") makes the last cell active and
// scrolls to it, by design and with no setting to turn it off (jupyterlab/jupyterlab#16402): a chapter
// run from its top jumps to its Sources list. This plugin lets those two actions run every cell as
// before but keeps the view, and the active cell, where the reader had them.
//
// It is a JupyterLab federated extension written by hand, so that nothing is built or downloaded: the
// page loads this file, calls init() with JupyterLab's shared modules, then get('./extension'). The
// plugin can be switched off like any other (`jupyter labextension disable briefing-lab`).
(function () {
  "use strict";
  let shared = null; // JupyterLab's share scope: {package: {version: {get, from, loaded}}}

  async function sharedModule(name) {
    const versions = shared && shared[name];
    if (!versions || !Object.keys(versions).length) {
      throw new Error("briefing-lab: JupyterLab shares no " + name);
    }
    // JupyterLab provides one copy of each of its own packages; take the newest if there are several.
    const newest = Object.keys(versions).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop();
    const entry = versions[newest];
    entry.loaded = 1;
    return (await entry.get())();
  }

  function keepPlace(actions, name) {
    const run = actions[name];
    actions[name] = function (notebook, ...rest) {
      const active = notebook.activeCellIndex;
      const own = Object.prototype.hasOwnProperty.call(notebook, "scrollToItem");
      const scrollToItem = notebook.scrollToItem;
      notebook.scrollToItem = () => Promise.resolve(); // the jump to the last cell, and only it
      try {
        return run.call(this, notebook, ...rest);
      } finally {
        if (own) notebook.scrollToItem = scrollToItem;
        else delete notebook.scrollToItem;
        if (notebook.widgets.length) notebook.activeCellIndex = active;
      }
    };
  }

  function plugin(NotebookActions) {
    return {
      id: "briefing-lab:keep-place-on-run-all",
      description: "Run All Cells keeps the view where the reader was instead of jumping to the last cell.",
      autoStart: true,
      activate: () => {
        keepPlace(NotebookActions, "runAll");
        keepPlace(NotebookActions, "runAllBelow");
      },
    };
  }

  window._JUPYTERLAB = window._JUPYTERLAB || {};
  window._JUPYTERLAB["briefing-lab"] = {
    init: async (scope) => {
      shared = scope;
    },
    get: async (module) => {
      if (module !== "./extension") throw new Error("briefing-lab has no module " + module);
      const { NotebookActions } = await sharedModule("@jupyterlab/notebook");
      return () => ({ __esModule: true, default: plugin(NotebookActions) });
    },
  };
})();

/* Rebind the theme's buttons whose inline onclick handlers the site's Content-Security-Policy forbids:
   briefing.sphinxext.security turns onclick="fn()" into data-onclick="fn", called here by name (no eval),
   and only for the theme's own two handlers, whatever a page says. */
(function () {
  "use strict";
  var THEME_HANDLERS = { toggleFullScreen: true, "window.print": true };
  function bind() {
    document.querySelectorAll("[data-onclick]").forEach(function (el) {
      if (!THEME_HANDLERS[el.dataset.onclick]) { return; }
      el.addEventListener("click", function (event) {
        var target = window, path = el.dataset.onclick.split(".");
        var name = path.pop();
        path.forEach(function (part) { target = target && target[part]; });
        if (target && typeof target[name] === "function") { target[name].call(target, event); }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", bind); } else { bind(); }
})();

/* Rebind the theme's buttons whose inline onclick handlers the site's Content-Security-Policy forbids:
   briefing.security turns onclick="fn()" into data-onclick="fn", called here by name (no eval). */
(function () {
  "use strict";
  function bind() {
    document.querySelectorAll("[data-onclick]").forEach(function (el) {
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

/* Make every chart on the page interactive, from its spec (Vega, compiled from Vega-Lite at build time), with
   the site's own Vega runtime (_static/briefing/vega-runtime.js: Vega, its expression interpreter and
   vega-tooltip; no Vega-Lite compiler, no vega-embed). Each chart is already on the page as a picture drawn
   at build time (its default state, as SVG), so the runtime, the page's heaviest file, and each chart's spec
   (a file of the site, figures/<name>.vega.js, named by the chart's data-spec; or, outside the book's build,
   inert JSON in the page) are fetched only when a chart comes near the screen, the reader touches the page,
   or a few seconds after it has loaded: never before the first paint. The spec is a script, not JSON, so
   that a page opened from disk (file://, where fetch() fails) is live too. The live chart replaces the
   picture when it has drawn. No inline code, nothing from another host. */
(function () {
  "use strict";
  var pending = 0;

  // What vega-embed did for us, and no more: parse with ast so that Vega evaluates expressions with its
  // interpreter, not eval (the site needs no 'unsafe-eval'), draw as SVG, bind the controls, show tooltips.
  function embed(element, spec) {
    var view = new window.vega.View(window.vega.parse(spec, null, { ast: true }), {
      container: element,
      renderer: "svg",
      expr: window.vega.expressionInterpreter,
      tooltip: new window.vegaTooltip.Handler().call
    });
    return view.runAsync().then(function () { return { view: view }; });
  }

  // When the last chart of the page has drawn, note the time (for the benchmarks and the tests).
  function settled() {
    pending -= 1;
    if (pending === 0) { document.documentElement.dataset.chartsDrawn = String(performance.now()); }
  }

  var RUNTIME = new URL("vega-runtime.js", document.currentScript.src).href;
  var runtime = null; // a promise, once the runtime has been asked for

  function loadScript(src, what) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error(what + " did not load")); };
      document.head.appendChild(script);
    });
  }

  function loadRuntime() {
    if (!runtime) {
      runtime = window.vega && window.vega.expressionInterpreter ? Promise.resolve() : loadScript(RUNTIME, "the Vega runtime");
    }
    return runtime;
  }

  // The chart's Vega spec: its file files it under the chart's name in window.briefingSpecs.
  function loadSpec(box) {
    var inline = box.querySelector("script.briefing-spec");
    if (inline) { return Promise.resolve(JSON.parse(inline.textContent)); }
    var name = box.dataset.chart, specs = window.briefingSpecs || {};
    if (specs[name]) { return Promise.resolve(specs[name]); }
    if (!box.dataset.spec) { return Promise.reject(new Error("the chart names no spec")); }
    return loadScript(new URL(box.dataset.spec, document.baseURI).href, "the chart's spec").then(function () {
      var spec = (window.briefingSpecs || {})[name];
      if (!spec) { throw new Error("the chart's spec file holds no spec for " + name); }
      return spec;
    });
  }

  function draw(box, ready) {
    var view = box.querySelector(".briefing-chart-view");
    if (!view || box.dataset.state) { return; }
    box.dataset.state = "drawing";
    pending += 1;
    // Drawn out of sight over the picture, then swapped in, so the page does not jump while it draws.
    var picture = view.querySelector(".briefing-static");
    var live = null;
    ready.then(function (spec) {
      box.briefingSpec = spec; // share.js reads the bound parameters from it
      live = document.createElement("div");
      live.className = picture ? "briefing-live briefing-pending" : "briefing-live";
      view.appendChild(live);
      return embed(live, spec);
    }).then(function (result) {
      if (picture) { picture.remove(); }
      live.classList.remove("briefing-pending");
      box.dataset.state = "drawn";
      box.briefingView = result.view; // for tests and for readers' devtools
      labelControls(box);
      tapForTooltips(result.view);
      box.dispatchEvent(new CustomEvent("briefing:drawn", { bubbles: true })); // share.js adds its actions
      settled();
    }).catch(function (err) {
      box.dataset.state = "failed";
      if (live) { live.remove(); }
      var note = document.createElement("p");
      note.className = "briefing-chart-note";
      note.textContent = "The interactive chart could not be drawn (" + err.message + "); the picture shows its default view.";
      view.appendChild(note);
      console.error(err);
      settled();
    });
  }

  // vega-bind puts a label element before each input; tie them so assistive technology names every control.
  function labelControls(box) {
    box.querySelectorAll(".vega-bind").forEach(function (bind, i) {
      var name = bind.querySelector(".vega-bind-name");
      bind.querySelectorAll("input, select").forEach(function (input, j) {
        if (!input.getAttribute("aria-label") && name && input.type !== "radio") {
          input.setAttribute("aria-label", name.textContent.trim());
        }
      });
    });
  }

  // A tap on a phone fires no hover, so Vega would show no tooltip: a click (which a tap is) on a mark
  // with a tooltip shows it, as pointing at it does on a desktop.
  function tapForTooltips(view) {
    view.addEventListener("click", function (event, item) {
      var show = view.tooltip();
      if (show && item && item.tooltip != null) { show.call(view, view._handler, event, item, item.tooltip); }
    });
  }

  // The runtime and every chart's spec are asked for at once; each chart draws when both have come.
  function drawAll() {
    var loaded = loadRuntime();
    document.querySelectorAll(".briefing-chart").forEach(function (box) {
      if (box.dataset.state) { return; }
      var spec = loadSpec(box);
      draw(box, Promise.all([spec, loaded]).then(function (both) { return both[0]; }));
    });
  }

  function start() {
    var charts = document.querySelectorAll(".briefing-chart");
    if (!charts.length) { return; } // a page with no chart never fetches the runtime
    var go = function () { drawAll(); };
    // A chart near the screen asks for the runtime only once the page has loaded: the picture is there, and
    // the runtime's bytes must not compete with the page's own on a slow connection before the first paint.
    var near = function () {
      if ("IntersectionObserver" in window) {
        var seen = new IntersectionObserver(function (entries) {
          if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); go(); }
        }, { rootMargin: "400px 0px" });
        charts.forEach(function (box) { seen.observe(box); });
      } else {
        go();
      }
      setTimeout(go, 6000); // otherwise when the page has long been quiet: the picture is readable meanwhile
    };
    ["pointerdown", "keydown", "touchstart", "scroll"].forEach(function (name) {
      window.addEventListener(name, go, { once: true, passive: true });
    });
    if (document.readyState === "complete") { near(); } else { window.addEventListener("load", near, { once: true }); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

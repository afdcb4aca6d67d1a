/* Make every chart on the page interactive, from its spec (Vega, compiled from Vega-Lite at build time), with
   the site's own Vega runtime (_static/briefing/vega-runtime.js: Vega, its expression interpreter and
   vega-tooltip; no Vega-Lite compiler, no vega-embed). Each chart is already on the page as a picture drawn
   at build time (its default state, as SVG), so the runtime, the page's heaviest file, and each chart's spec
   (a file of the site, figures/<name>.vega.js, named by the chart's data-spec; or, outside the book's build,
   inert JSON in the page) are fetched only when a chart comes near the screen, the reader touches the page,
   or a few seconds after it has loaded: never before the first paint. A dataset several figures draw (the
   map's boundaries) is a file of its own that the spec names (figures/shared-<hash>.js, cached once for the
   site), and the long text only tooltips show (the source's words) is the chart's words file
   (figures/<name>.words.js), loaded when the reader first points at, taps or moves into the chart
   (briefing.sphinxext.figure_files). All are scripts, not JSON, so that a page opened from disk (file://,
   where fetch() fails) is live too. The live chart replaces the picture when it has drawn. No inline code,
   nothing from another host. */
(function () {
  "use strict";
  var pending = 0;

  // What vega-embed did for us, and no more: parse with ast so that Vega evaluates expressions with its
  // interpreter, not eval (the site needs no 'unsafe-eval'), draw as SVG, bind the controls, show tooltips.
  // A tooltip asked for before the chart's words have come waits for them (see wordsOf).
  function embed(element, spec, words) {
    var handler = new window.vegaTooltip.Handler(), asked = 0;
    function tooltip(h, event, item, value) {
      var self = this, mine = ++asked;
      if (value == null || !words || words.ready) { handler.call.call(self, h, event, item, value); return fitOnPhone(event); }
      var show = function () {
        if (mine === asked) { handler.call.call(self, h, event, item, item ? item.tooltip : value); fitOnPhone(event); }
      };
      words.load().then(show, show);
    }
    var view = new window.vega.View(window.vega.parse(spec, null, { ast: true }), {
      container: element,
      renderer: "svg",
      expr: window.vega.expressionInterpreter,
      tooltip: tooltip
    });
    if (words) { words.view = view; }
    return view.runAsync().then(function () { return { view: view }; });
  }

  // The chart's words file gives each row its long tooltip text back (the spec holds each row's place and a
  // stand-in there), by a change to the data, so that the tooltips and the marks' screen-reader labels say it.
  var ROW = "briefing_row"; // briefing.compile.ROW
  function wordsOf(box, spec, url) {
    var names = ((spec.usermeta || {}).briefing || {}).words || [];
    if (!names.length || !url) { return null; }
    var words = { ready: false, view: null, loading: null };
    words.load = function () {
      if (!words.loading) {
        words.loading = loadScript(url, "the chart's words").then(function () {
          var all = (window.briefingWords || {})[box.dataset.chart] || {};
          names.forEach(function (name) {
            var these = all[name];
            if (!these) { return; }
            var change = window.vega.changeset();
            these.columns.forEach(function (column, c) {
              change = change.modify(function (t) { return t[ROW] != null; }, column, function (t) { return these.rows[t[ROW]][c]; });
            });
            words.view.change(name, change);
          });
          return words.view.runAsync();
        }).then(function () { words.ready = true; });
      }
      return words.loading;
    };
    return words;
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

  // The chart's Vega spec: its file files it under the chart's name in window.briefingSpecs, and each shared
  // dataset's file (beside it) under its own name in window.briefingData; the rows go back into the spec.
  function loadSpec(box) {
    var inline = box.querySelector("script.briefing-spec");
    if (inline) { return Promise.resolve(JSON.parse(inline.textContent)); }
    var name = box.dataset.chart;
    if (!box.dataset.spec) { return Promise.reject(new Error("the chart names no spec")); }
    var url = new URL(box.dataset.spec, document.baseURI).href;
    box.briefingWordsURL = url.replace(/\.vega\.js$/, ".words.js");
    var loaded = (window.briefingSpecs || {})[name] ? Promise.resolve() : loadScript(url, "the chart's spec");
    return loaded.then(function () {
      var spec = (window.briefingSpecs || {})[name];
      if (!spec) { throw new Error("the chart's spec file holds no spec for " + name); }
      var about = (spec.usermeta || {}).briefing || {}, shared = about.shared || {};
      spec.data.forEach(function (d) { // rows written column by column (briefing.compile.site_spec)
        if ((about.byColumn || []).indexOf(d.name) >= 0 && !Array.isArray(d.values)) { d.values = rowsOfColumns(d.values); }
      });
      return Promise.all(Object.keys(shared).map(function (dataset) {
        var key = shared[dataset];
        var there = (window.briefingData || {})[key] ? Promise.resolve() : loadScript(new URL(key + ".js", url).href, "the chart's data");
        return there.then(function () {
          var rows = rowsOf((window.briefingData || {})[key]);
          if (!rows) { throw new Error("the data file " + key + " holds no rows"); }
          spec.data.forEach(function (d) { if (d.name === dataset) { d.values = rows; } });
        });
      })).then(function () { return spec; });
    });
  }

  function rowsOfColumns(columns) {
    var names = Object.keys(columns), rows = [];
    for (var i = 0; names.length && i < columns[names[0]].length; i++) {
      var row = {};
      names.forEach(function (name) { row[name] = columns[name][i]; });
      rows.push(row);
    }
    return rows;
  }

  // A shared dataset's rows, made afresh for each chart (Vega marks the rows it reads). Boundaries come packed
  // (briefing.compile.packed_geojson: each point once, as steps in whole hundredths of a degree; each ring as
  // indexes into the points, a run as [first, +-steps]) and unpack to the very same numbers.
  function rowsOf(payload) {
    if (!payload) { return null; }
    if (payload.rows) { return JSON.parse(JSON.stringify(payload.rows)); }
    var steps = payload.packed.points, points = [], x = 0, y = 0;
    for (var i = 0; i < steps.length; i += 2) { x += steps[i]; y += steps[i + 1]; points.push([x / 100, y / 100]); }
    return payload.packed.features.map(function (feature) {
      var g = feature.geometry;
      var polygons = g.rings.map(function (polygon) {
        return polygon.map(function (runs) {
          var ring = [];
          runs.forEach(function (run) {
            if (typeof run === "number") { ring.push(points[run].slice()); return; }
            var by = run[1] > 0 ? 1 : -1;
            for (var k = 0; k <= Math.abs(run[1]); k++) { ring.push(points[run[0] + k * by].slice()); }
          });
          return ring;
        });
      });
      var copy = JSON.parse(JSON.stringify(feature));
      copy.geometry = { type: g.type, coordinates: g.type === "Polygon" ? polygons[0] : polygons };
      return copy;
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
      var words = wordsOf(box, spec, box.briefingWordsURL);
      if (words) { // the reader is about to point at a mark: ask for the words now
        ["pointerenter", "touchstart", "focusin"].forEach(function (name) {
          view.addEventListener(name, function () { words.load().catch(function (err) { console.error(err); }); }, { once: true, passive: true });
        });
      }
      return embed(live, spec, words);
    }).then(function (result) {
      if (picture) { picture.remove(); }
      live.classList.remove("briefing-pending");
      // The box kept the live chart's height for the picture (no jump); drawn, the chart sets its own, so a
      // choice that leaves fewer rows shrinks the card instead of leaving it half empty.
      view.style.minHeight = "0";
      box.dataset.state = "drawn";
      box.briefingView = result.view; // for tests and for readers' devtools
      labelControls(box);
      followViewTitles(box, result.view, box.briefingSpec);
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

  // A figure whose finding differs by view names a title per option of one control (usermeta.briefing.titles:
  // {param, by}); the heading above the chart follows the reader's pick, so it stays true of what is drawn.
  function followViewTitles(box, view, spec) {
    var titles = ((spec.usermeta || {}).briefing || {}).titles;
    var heading = box.querySelector(".briefing-chart-title");
    if (!titles || !heading) { return; }
    heading.setAttribute("aria-live", "polite");
    var show = function (name, value) { if (titles.by[value]) { heading.textContent = titles.by[value]; } };
    view.addSignalListener(titles.param, show);
    show(titles.param, view.signal(titles.param));
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

  // On a phone the tooltip spans the screen (briefing.css), so vega-tooltip finds no corner for it and put it
  // above the finger, where a tall one ran off the top of the screen under the sticky header. It goes into the
  // larger of the two bands above and below the point tapped, clear of the header and of the mark, and
  // scrolls within that band when it is taller.
  function fitOnPhone(event) {
    var el = document.getElementById("vg-tooltip-element");
    if (!el || !el.classList.contains("visible") || window.innerWidth > 600 || !event || event.clientY == null) { return; }
    var header = document.querySelector(".bd-header-article"), gap = 12;
    var top = Math.max(0, header ? header.getBoundingClientRect().bottom : 0) + 4;
    var above = event.clientY - gap - top, below = window.innerHeight - 4 - (event.clientY + gap);
    el.style.maxHeight = Math.max(above, below) + "px";
    var height = el.getBoundingClientRect().height;
    el.style.top = (below >= height || below >= above ? event.clientY + gap : event.clientY - gap - height) + "px";
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

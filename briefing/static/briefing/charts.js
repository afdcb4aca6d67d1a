/* Draw every chart on the page from its inert JSON spec with the site's own Vega runtime
   (_static/briefing/vega-runtime.js). No inline code, nothing from another host. */
(function () {
  "use strict";
  // ast: Vega evaluates expressions with its interpreter, not eval, so the site needs no 'unsafe-eval'.
  var options = { actions: false, renderer: "svg", ast: true };
  var pending = 0;

  // When the last chart of the page has drawn, note the time (for the benchmarks and the tests).
  function settled() {
    pending -= 1;
    if (pending === 0) { document.documentElement.dataset.chartsDrawn = String(performance.now()); }
  }

  function draw(box) {
    var specNode = box.querySelector("script.briefing-spec");
    var view = box.querySelector(".briefing-chart-view");
    if (!specNode || !view || box.dataset.state) { return; }
    box.dataset.state = "drawing";
    pending += 1;
    var spec = JSON.parse(specNode.textContent);
    window.vegaEmbed(view, spec, options).then(function (result) {
      box.dataset.state = "drawn";
      box.briefingView = result.view; // for tests and for readers' devtools
      labelControls(box);
      tapForTooltips(result.view);
      box.dispatchEvent(new CustomEvent("briefing:drawn", { bubbles: true })); // share.js adds its actions
      settled();
    }).catch(function (err) {
      box.dataset.state = "failed";
      view.textContent = "This chart could not be drawn: " + err.message;
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

  function drawAll() {
    if (typeof window.vegaEmbed !== "function") {
      console.error("briefing: the Vega runtime did not load");
      return;
    }
    document.querySelectorAll(".briefing-chart").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();

/* Draw every chart on the page from its inert JSON spec with the site's own Vega runtime
   (_static/briefing/vega-runtime.js). No inline code, nothing from another host. */
(function () {
  "use strict";
  var options = { actions: false, renderer: "svg" };

  function draw(box) {
    var specNode = box.querySelector("script.briefing-spec");
    var view = box.querySelector(".briefing-chart-view");
    if (!specNode || !view || box.dataset.state) { return; }
    box.dataset.state = "drawing";
    var spec = JSON.parse(specNode.textContent);
    window.vegaEmbed(view, spec, options).then(function (result) {
      box.dataset.state = "drawn";
      box.briefingView = result.view; // for tests and for readers' devtools
      labelControls(box);
    }).catch(function (err) {
      box.dataset.state = "failed";
      view.textContent = "This chart could not be drawn: " + err.message;
      console.error(err);
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

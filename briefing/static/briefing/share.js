/* Share a figure as it is shown: a link that reopens the page at the figure with the same selections, and
   PNG or SVG images with the title, the source line and the book's name and address, as Our World in Data's
   grapher exports them. Everything runs here, with the Vega runtime already on the page: nothing is
   loaded from elsewhere, no inline code (the site's Content-Security-Policy allows neither).

   The link's fragment is "#chart-<name>?<param>=<value>&...": only parameters bound to a control are kept,
   and a value the figure does not offer (a stale or edited link) is ignored, leaving the default. */
(function () {
  "use strict";

  function boundParams(box) {
    var spec = box.briefingSpec; // set by charts.js from the chart's spec file before the chart draws
    if (!spec) { return []; }
    // The spec is Vega (compiled at build time): a bound parameter is a signal with an input.
    return (spec.signals || spec.params || []).filter(function (p) { return p.bind && !p.select && p.bind.input; });
  }

  // The value a link may set, or undefined when the control does not offer it.
  function accepted(param, text) {
    var bind = param.bind;
    if (bind.input === "select" || bind.input === "radio") {
      var match = (bind.options || []).filter(function (o) { return String(o) === text; });
      return match.length ? match[0] : undefined;
    }
    if (bind.input === "checkbox") { return text === "true" ? true : text === "false" ? false : undefined; }
    if (bind.input === "range") {
      var number = Number(text);
      if (text === "" || !isFinite(number)) { return undefined; }
      if (bind.min !== undefined && number < bind.min) { return undefined; }
      if (bind.max !== undefined && number > bind.max) { return undefined; }
      return number;
    }
    return undefined;
  }

  function stateOf(box, view) {
    return boundParams(box).map(function (p) {
      return encodeURIComponent(p.name) + "=" + encodeURIComponent(String(view.signal(p.name)));
    }).join("&");
  }

  function linkTo(box, view) {
    var url = new URL(window.location.href);
    url.hash = box.id + (view ? "?" + stateOf(box, view) : "");
    return url.toString();
  }

  // Apply the link's state to the figure it names, once that figure has drawn.
  function restore(box, view) {
    var hash = decodeURIComponent(window.location.hash.slice(1));
    var at = hash.indexOf("?");
    if ((at < 0 ? hash : hash.slice(0, at)) !== box.id) { return; }
    if (at >= 0) {
      var params = {};
      boundParams(box).forEach(function (p) { params[p.name] = p; });
      hash.slice(at + 1).split("&").forEach(function (pair) {
        var eq = pair.indexOf("=");
        var name = pair.slice(0, eq), param = params[name];
        var value = param ? accepted(param, pair.slice(eq + 1)) : undefined;
        if (value !== undefined) {
          try { view.signal(name, value); } catch (err) { /* stale link: keep the default */ }
        }
      });
      view.runAsync().then(function () { syncControls(box, view); });
    }
    box.scrollIntoView();
  }

  // Vega's own inputs show a value set from outside only when told; keep them in step with the view.
  function syncControls(box, view) {
    boundParams(box).forEach(function (p) {
      var value = String(view.signal(p.name));
      box.querySelectorAll('.vega-bind [name="' + p.name + '"]').forEach(function (input) {
        if (input.type === "radio" || input.type === "checkbox") {
          input.checked = input.type === "checkbox" ? value === "true" : input.value === value;
        } else {
          input.value = value;
          input.dispatchEvent(new Event("input"));
        }
      });
    });
  }

  function text(box, selector) {
    var node = box.querySelector(selector);
    return node ? node.textContent.trim() : "";
  }

  function escapeXml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  // Lines of at most `width` characters, broken at spaces, so long source lines wrap in the image.
  function wrap(s, width) {
    var lines = [], line = "";
    s.split(/\s+/).reduce(function (words, word) { // a word longer than a line (an address) is cut into pieces
      while (word.length > width) { words.push(word.slice(0, width)); word = word.slice(width); }
      return words.concat(word ? [word] : []);
    }, []).forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; } else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function bookName() {
    var site = document.querySelector('meta[property="og:site_name"]');
    return site ? site.content : document.title;
  }

  // The chart's SVG framed by its title, subtitle, source line and the book's name and address.
  function composedSvg(box, view) {
    return view.toSVG().then(function (chart) {
      var width = Math.max(view.width() + 2 * view.padding().left, 480);
      var size = chart.match(/<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/);
      var chartWidth = size ? Number(size[1]) : width, chartHeight = size ? Number(size[2]) : view.height();
      width = Math.max(width, chartWidth + 8);
      var perLine = Math.floor(width / 6.5);
      var title = wrap(text(box, ".briefing-chart-title"), Math.floor(width / 10));
      var subtitle = wrap(text(box, ".briefing-chart-subtitle"), perLine);
      var source = wrap(text(box, ".briefing-chart-source"), perLine);
      var credit = bookName() + " · " + linkTo(box, view);
      var y = 8, parts = [];
      title.forEach(function (l) { y += 22; parts.push('<text x="8" y="' + y + '" font-size="18" font-weight="bold">' + escapeXml(l) + "</text>"); });
      subtitle.forEach(function (l) { y += 17; parts.push('<text x="8" y="' + y + '" font-size="13" fill="#555">' + escapeXml(l) + "</text>"); });
      y += 8;
      parts.push(chart.replace(/^<svg\b/, '<svg x="0" y="' + y + '"'));
      y += chartHeight + 4;
      source.concat(wrap(credit, perLine)).forEach(function (l) { y += 15; parts.push('<text x="8" y="' + y + '" font-size="11" fill="#444">' + escapeXml(l) + "</text>"); });
      y += 10;
      return '<svg xmlns="http://www.w3.org/2000/svg" width="' + width + '" height="' + y + '" viewBox="0 0 ' + width + " " + y +
        '" font-family="sans-serif"><rect width="100%" height="100%" fill="#ffffff"/>' + parts.join("") + "</svg>";
    });
  }

  function save(href, filename) {
    var a = document.createElement("a");
    a.href = href;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function download(box, view, format) {
    var name = box.dataset.chart || "figure";
    composedSvg(box, view).then(function (svg) {
      var url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
      if (format === "svg") { save(url, name + ".svg"); return; }
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = image.width * 2;
        canvas.height = image.height * 2;
        var context = canvas.getContext("2d");
        context.scale(2, 2);
        context.drawImage(image, 0, 0);
        save(canvas.toDataURL("image/png"), name + ".png");
      };
      image.src = url;
    });
  }

  // "Authors (year). "Figure title", in "Page title". Book. Link." from the page's own citation (the
  // "Cite this page" block under the chapter, written by the build from CITATION.cff).
  function citation(box, view) {
    var page = document.querySelector(".briefing-cite");
    var title = text(box, ".briefing-chart-title") || box.dataset.chart;
    if (!page) { return "\u201c" + title + "\u201d. " + linkTo(box, view); }
    var d = page.dataset;
    return d.authors + " (" + d.year + "). \u201c" + title + "\u201d, in \u201c" + d.page + ".\u201d " + d.book +
      ". " + linkTo(box, view) + ". Sources: " + text(box, ".briefing-chart-source").replace(/^Sources?:\s*/, "");
  }

  // The same figure as a BibTeX entry (@misc: a figure is no article), braces and specials escaped so
  // that a title with "&" or "%" still compiles; urldate is today, the day the reader looked.
  function bibtex(box, view) {
    var page = document.querySelector(".briefing-cite");
    var d = page ? page.dataset : {};
    var tex = function (s) { return String(s).replace(/[\\{}]/g, "").replace(/([&%$#_])/g, "\\$1"); };
    var title = text(box, ".briefing-chart-title") || box.dataset.chart;
    var year = d.year || String(new Date().getFullYear());
    var sources = text(box, ".briefing-chart-source").replace(/^Sources?:\s*/, "");
    var fields = [
      ["author", "{" + tex(d.authors || "") + "}"],
      ["title", tex(title)],
      ["howpublished", "Figure in \u201c" + tex(d.page || document.title) + "\u201d, " + tex(d.book || "")],
      ["year", year],
      ["url", linkTo(box, view).replace(/[{}]/g, "")],
      ["urldate", new Date().toISOString().slice(0, 10)],
      ["note", "Sources: " + tex(sources)]
    ].filter(function (f) { return f[1] && f[1] !== "{}"; });
    return "@misc{briefing-" + box.dataset.chart + "-" + year + ",\n" +
      fields.map(function (f) { return "  " + f[0] + " = {" + f[1] + "}"; }).join(",\n") + "\n}";
  }

  // The short citation (copied at once) and, below it, the BibTeX entry in a box to select and copy.
  function showCitation(box, view, bar) {
    var shown = box.querySelector(".briefing-share-citation");
    var entry = box.querySelector(".briefing-share-bibtex");
    if (!shown) {
      shown = document.createElement("p");
      shown.className = "briefing-share-citation";
      entry = document.createElement("textarea");
      entry.className = "briefing-share-embed briefing-share-bibtex";
      entry.readOnly = true;
      entry.rows = 9;
      entry.setAttribute("aria-label", "BibTeX entry for this figure");
      entry.addEventListener("focus", function () { entry.select(); });
      bar.insertAdjacentElement("afterend", shown);
      shown.insertAdjacentElement("afterend", entry);
    }
    shown.textContent = citation(box, view);
    entry.value = bibtex(box, view);
    if (navigator.clipboard) { navigator.clipboard.writeText(shown.textContent).catch(function () {}); }
  }

  // The figure's own page (written by the build into embed/), in an <iframe> another site can paste.
  function showEmbed(box, bar) {
    var url = new URL("../embed/" + box.dataset.chart + ".html", window.location.href).toString();
    var title = text(box, ".briefing-chart-title") || box.dataset.chart;
    var snippet = '<iframe src="' + url + '" title="' + escapeXml(title) +
      '" width="100%" height="640" loading="lazy" style="border:0"></iframe>';
    var shown = box.querySelector(".briefing-share-embed");
    if (!shown) {
      shown = document.createElement("textarea");
      shown.className = "briefing-share-embed";
      shown.readOnly = true;
      shown.rows = 3;
      shown.setAttribute("aria-label", "Code to embed this figure in another page");
      bar.insertAdjacentElement("afterend", shown);
    }
    shown.value = snippet;
    shown.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(snippet).catch(function () {}); }
  }

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "briefing-share-button";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }

  function addActions(box, view) {
    if (box.querySelector(".briefing-share")) { return; }
    var bar = document.createElement("p");
    bar.className = "briefing-share";
    var link = document.createElement("a");
    link.className = "briefing-share-link";
    link.textContent = "Link to this figure";
    link.href = linkTo(box, view);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      link.href = linkTo(box, view);
      window.history.replaceState(null, "", link.href);
      if (navigator.clipboard) { navigator.clipboard.writeText(link.href).catch(function () {}); }
      link.textContent = "Link to this figure (copied)";
    });
    bar.appendChild(link);
    bar.appendChild(button("Cite this figure", function () { showCitation(box, view, bar); }));
    bar.appendChild(button("Embed", function () { showEmbed(box, bar); }));
    bar.appendChild(button("Download PNG", function () { download(box, view, "png"); }));
    bar.appendChild(button("Download SVG", function () { download(box, view, "svg"); }));
    var after = box.querySelector(".briefing-chart-links");
    box.insertBefore(bar, after || null);
    // Every change of a control keeps the address bar on this figure's state.
    boundParams(box).forEach(function (p) {
      view.addSignalListener(p.name, function () {
        link.href = linkTo(box, view);
        window.history.replaceState(null, "", link.href);
      });
    });
  }

  function ready(box) {
    var view = box.briefingView;
    if (!view) { return; }
    addActions(box, view);
    restore(box, view);
  }

  // charts.js announces each chart it has drawn; some may have drawn before this script ran.
  document.addEventListener("briefing:drawn", function (event) { ready(event.target); });
  document.querySelectorAll('.briefing-chart[data-state="drawn"]').forEach(ready);
})();

// Steady panels for the book's interactives (src/mlops_book/widgets.py, Explorer(steady=True)).
//
// An interactive shows one view at a time, and ipywidgets draws only that one: choosing another view
// made the panel, and everything under it, jump (chapter 6's findings from 1,571 to 2,387 px). Here
// each steady panel's views box is given, before it is first painted, the height of its tallest view
// at the page's current width, so choosing a view never moves the page. The views are the HTML
// widgets of the page's embedded widget state: each is laid out once, out of sight, inside the panel in a copy
// of the view that is shown, measured and removed. A new width (a turned phone, a resized window) or the
// web fonts arriving measure again.
//
// Jupyter Book loads this file on every page; on pages without steady panels it does nothing. In
// Jupyter (no book scripts) the panel simply follows its view.
(function () {
  "use strict";

  var STATE_TYPE = "application/vnd.jupyter.widget-state+json";
  var PREFIX = "mlops-steady-";
  // The height goes into a custom property that widgets.css makes the box's min-height: ipywidgets'
  // layout view owns the box's own min-height, and clears it when it applies the widget's layout.
  var HEIGHT = "--steady-height";
  var models = null;

  function state() {
    if (models === null) {
      var script = document.querySelector("script[type='" + STATE_TYPE + "']");
      try {
        models = script ? JSON.parse(script.textContent).state || {} : {};
      } catch (error) {
        models = {};
      }
    }
    return models;
  }

  /** The HTML of every view under the Stack model whose classes include `name` (nested Stacks flattened). */
  function viewsOf(name) {
    var all = state();
    var stack = null;
    Object.keys(all).forEach(function (id) {
      var classes = (all[id].state && all[id].state._dom_classes) || [];
      if (classes.indexOf(name) !== -1) stack = all[id];
    });
    var found = [];
    function walk(model) {
      if (!model || !model.state) return;
      if (model.model_name === "HTMLModel") {
        found.push(model.state.value || "");
        return;
      }
      (model.state.children || []).forEach(function (ref) {
        walk(all[String(ref).replace(/^IPY_MODEL_/, "")]);
      });
    }
    walk(stack);
    return found;
  }

  function steadyName(box) {
    for (var i = 0; i < box.classList.length; i++) {
      if (box.classList[i].indexOf(PREFIX) === 0) return box.classList[i];
    }
    return "";
  }

  /** Give `box` (a steady views box) the height of its tallest view at its current width. */
  function measure(box) {
    var shown = box.querySelector(".widget-html");
    var width = String(box.clientWidth);
    if (!shown || box.clientWidth === 0 || box.getAttribute("data-steady-width") === width) return;
    var views = viewsOf(steadyName(box));
    if (views.length < 2) return;
    box.style.removeProperty(HEIGHT);
    var ruler = document.createElement("div");
    ruler.setAttribute("aria-hidden", "true");
    ruler.className = "mlops-steady-ruler";
    ruler.style.cssText = "position:absolute;left:0;top:0;visibility:hidden;pointer-events:none";
    views.forEach(function (html) {
      var copy = shown.cloneNode(false);
      copy.style.width = shown.offsetWidth + "px";  // the width the view is drawn at
      var content = document.createElement("div");
      content.className = "widget-html-content";
      content.innerHTML = html;
      copy.appendChild(content);
      ruler.appendChild(copy);
    });
    var tallest = 0;
    box.appendChild(ruler);  // inside the panel, so the book's widget styles apply as to the view itself
    try {
      Array.prototype.forEach.call(ruler.children, function (copy) {
        tallest = Math.max(tallest, copy.getBoundingClientRect().height);
      });
    } finally {
      ruler.remove();
    }
    // the box's own padding and the shown view's margins come on top of the tallest view
    var extra = box.getBoundingClientRect().height - shown.getBoundingClientRect().height;
    box.style.setProperty(HEIGHT, Math.ceil(tallest + Math.max(extra, 0)) + "px");
    box.setAttribute("data-steady-width", width);
  }

  /** Measure the steady panels: every one (`all`, when the width or the fonts may have changed), or only
   * those not measured yet. The widget runtime changes the page many times while it draws; reading a
   * measured panel's width after each change would make the browser lay the page out every time. */
  function update(all) {
    document.querySelectorAll(".mlops-steady").forEach(function (box) {
      if (all === true || !box.hasAttribute("data-steady-width")) measure(box);
    });
  }

  function updateAll() {
    update(true);
  }

  function start() {
    if (!document.querySelector("script[type='" + STATE_TYPE + "']")) return;
    // Measured in the observer's callback, before the browser paints: the widget runtime draws each
    // panel out of sight beside its static picture, so the panel has its height before it is shown.
    // The ruler's own coming and going calls once more, which finds the panel measured and stops.
    new MutationObserver(function () { update(false); }).observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", updateAll);
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(function () {
        document.querySelectorAll(".mlops-steady").forEach(function (box) { box.removeAttribute("data-steady-width"); });
        updateAll();
      });
    }
    updateAll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

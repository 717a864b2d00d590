// Accessible names for the book's interactives (src/mlops_book/widgets.py).
// ipywidgets renders a slider handle (role="slider") without a name and toggle buttons without
// a pressed state. Once the widgets have rendered, give each handle the text of its widget's
// visible label and the readout as its value (noUiSlider writes a number there; the readout
// holds the words), and mark which toggle button is pressed.
// Jupyter Book loads this file on every page; on pages without widgets it does nothing.
(function () {
  "use strict";

  function labelOf(box) {
    var label = box && box.querySelector(".widget-label");
    return label ? label.textContent.trim() : "";
  }

  function nameSliders(root) {
    root.querySelectorAll(".widget-slider, .widget-hslider, .widget-vslider").forEach(function (box) {
      var name = labelOf(box);
      var readout = box.querySelector(".widget-readout");
      box.querySelectorAll('[role="slider"]').forEach(function (handle) {
        if (name && handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
        var value = readout ? readout.textContent.trim() : "";
        if (value && handle.getAttribute("aria-valuetext") !== value) handle.setAttribute("aria-valuetext", value);
      });
    });
  }

  function markToggleButtons(root) {
    root.querySelectorAll(".widget-toggle-buttons").forEach(function (group) {
      var name = labelOf(group);
      if (group.getAttribute("role") !== "group") group.setAttribute("role", "group");
      if (name && group.getAttribute("aria-label") !== name) group.setAttribute("aria-label", name);
      group.querySelectorAll("button.widget-toggle-button").forEach(function (button) {
        var pressed = button.classList.contains("mod-active") ? "true" : "false";
        if (button.getAttribute("aria-pressed") !== pressed) button.setAttribute("aria-pressed", pressed);
      });
    });
  }

  var pending = false;
  function update() {
    pending = false;
    nameSliders(document);
    markToggleButtons(document);
  }
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(update);
    }
  }

  function start() {
    if (!document.querySelector("script[type='application/vnd.jupyter.widget-state+json']")) return;
    new MutationObserver(schedule).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["class", "aria-valuetext"],
    });
    schedule();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

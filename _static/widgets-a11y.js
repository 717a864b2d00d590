// Accessible names for the book's interactives (src/mlops_book/widgets.py).
// ipywidgets renders a slider handle (role="slider") without a name and toggle buttons without
// a pressed state. Once the widgets have rendered, give each handle the text of its widget's
// visible label and the readout as its value (noUiSlider writes a number there; the readout
// holds the words), and mark which toggle button is pressed.
//
// The self-check quizzes (src/mlops_book/quizzes.py): ipywidgets renders RadioButtons as
// <label>text<input type="radio"></label> with no shared name and no group, so each radio is its own
// group: the arrow keys do not move between answers and a screen reader announces "1 of 1". Once a
// quiz has rendered, give each question's radios one name (the browser then groups them: Tab enters
// the group, arrow keys choose), mark their box as a radiogroup named by the question's text, and make
// the feedback box a polite live region, present before any answer is chosen, so that the feedback is
// read out when it appears. The arrow keys fire a click on the radio they check, which is what
// ipywidgets listens to, so the jsdlink'ed feedback follows the keyboard as it follows a mouse.
// A lab's decision checked on the page (mlops_book.labs.widgets.decision) shows its verdict in a box
// of the same kind (class mlops-decision-verdict): it too becomes a polite live region before any
// answer is chosen.
//
// The diagrams whose parts are the control (mlops_book.drawings.diagram: the workflow's cycle, the
// stack's building, the spectrum of data errors) are toggle buttons, each its own Tab stop, which
// answer Enter, Space and clicks. Here the arrow keys move to the next (Right, Down) or previous
// (Left, Up) part and choose it, wrapping round as the cycle does; Home and End go to the first and
// last part. ipywidgets listens to clicks only, so the key presses click the part they reach. A quiz's
// row of question numbers (mlops_book.quizzes.Quiz.pager) answers the same keys: next, previous, first, last.
//
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

  function setOnce(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  function markQuestion(question) {
    var text = question.querySelector(".mlops-quiz-text[id]");
    var box = question.querySelector(".mlops-quiz-choices .widget-radio-box");
    var feedback = question.querySelector(".mlops-quiz-feedback");
    if (!text || !box || !feedback) return;
    setOnce(box, "role", "radiogroup");
    setOnce(box, "aria-labelledby", text.id);
    box.querySelectorAll('input[type="radio"]').forEach(function (radio) {
      setOnce(radio, "name", text.id);
    });
    setOnce(feedback, "role", "status");
    setOnce(feedback, "aria-live", "polite");
  }

  function markLiveRegion(box) {
    setOnce(box, "role", "status");
    setOnce(box, "aria-live", "polite");
  }

  var DIAGRAM_STEPS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

  function moveInDiagram(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var part = event.target.closest &&
      event.target.closest(".mlops-diagram button.widget-toggle-button, .mlops-quiz-pager button.widget-toggle-button");
    if (!part) return;
    var parts = Array.prototype.slice.call(part.parentElement.querySelectorAll("button.widget-toggle-button"));
    var here = parts.indexOf(part);
    var next;
    if (Object.prototype.hasOwnProperty.call(DIAGRAM_STEPS, event.key)) {
      next = (here + DIAGRAM_STEPS[event.key] + parts.length) % parts.length;
    } else if (event.key === "Home") {
      next = 0;
    } else if (event.key === "End") {
      next = parts.length - 1;
    } else {
      return;
    }
    event.preventDefault();  // the arrow keys would otherwise scroll the page
    parts[next].focus();
    parts[next].click();
  }

  var pending = false;
  function update() {
    pending = false;
    nameSliders(document);
    markToggleButtons(document);
    document.querySelectorAll(".mlops-quiz-question").forEach(markQuestion);
    document.querySelectorAll(".mlops-decision-verdict").forEach(markLiveRegion);
  }
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(update);
    }
  }

  function start() {
    if (!document.querySelector("script[type='application/vnd.jupyter.widget-state+json']")) return;
    document.addEventListener("keydown", moveInDiagram);
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

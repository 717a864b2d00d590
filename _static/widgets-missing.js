// Where the page's widget script did not run (blocked, failed to download, broken), say so to the stylesheet.
//
// Each interactive's place holds its static picture from the first paint (_ext/steps/widget_fallbacks.py);
// the widget runtime (vendor/widgets/runtime.js, a deferred script) swaps each picture for its widget. Where
// scripts run, a picture is laid out as its widget will be, so that the swap does not move the page: a quiz's
// picture shows its first question alone, as the live quiz does (_static/widgets.css). Where the runtime
// never runs, that layout hides questions no widget will show, so once the page knows, it marks <html> with
// the class mlops-widgets-missing and the quiz's picture shows every question, as with scripts off. The page
// knows at DOMContentLoaded, which comes after every deferred script has run or failed: had the runtime run,
// it would have set html-manager's flag, window._jupyter_widget_embedder, as it starts.
//
// Jupyter Book loads this file on every page; on pages without static pictures it does nothing.
(function () {
  "use strict";

  function check() {
    if (window._jupyter_widget_embedder || !document.querySelector(".mlops-widget-fallback")) return;
    document.documentElement.classList.add("mlops-widgets-missing");
  }

  if (document.readyState === "complete") check();
  else {
    document.addEventListener("DOMContentLoaded", check);
    window.addEventListener("load", check);  // should this file have been loaded after DOMContentLoaded
  }
})();

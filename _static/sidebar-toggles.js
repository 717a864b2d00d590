// The two sidebar buttons of the article header, on every screen size.
// sphinx-book-theme 1.3.0 on pydata-sphinx-theme 0.17.1 opens each sidebar as a modal <dialog>
// below 992 px (chapters) and 1200 px ("On this page"); wider, the chapter button hides the
// sidebar in place. Both themes' scripts do the opening and closing (once _config.yml's
// navbar_persistent lets them find these buttons: pydata/pydata-sphinx-theme#2451). This file
// adds what a keyboard or screen-reader user still missed:
// - focus comes back to the button when a sidebar closes (the book theme blurs the button on
//   every click, to hide a tooltip, so the pydata theme's own focus restore found nothing),
// - following a link to a section of this page closes the sidebar and moves focus to the section,
// - aria-expanded says whether the sidebar is open.
// Checked by tests/browser/test_navigation.py.
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 992px)");

  function setUp(kind) {
    var button = document.querySelector(".bd-header-article ." + kind + "-toggle");
    var sidebar = document.getElementById("pst-" + kind + "-sidebar");
    var dialog = document.getElementById("pst-" + kind + "-sidebar-modal");
    if (!button || !sidebar || !dialog) return;
    var focusAfterClose = button;

    function isOpen() {
      if (dialog.open) return true;
      // In place (wide screens): only the chapter list can be hidden, by a class.
      return kind === "primary" && WIDE.matches && !sidebar.classList.contains("pst-sidebar-hidden");
    }
    function update() {
      button.setAttribute("aria-expanded", isOpen() ? "true" : "false");
    }

    // After both themes' handlers (the book theme's stops the event on wide screens, so this
    // listens on the document and waits a turn): a dialog takes focus itself; in place, the
    // button keeps it.
    document.addEventListener("click", function (event) {
      if (!button.contains(event.target)) return;
      window.setTimeout(function () {
        if (!dialog.open) button.focus({ preventScroll: true });
        update();
      }, 0);
    }, true);

    dialog.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || !dialog.open) return;
      var here = link.pathname === window.location.pathname && link.hash;
      var target = here && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      focusAfterClose = target || button;
      dialog.close(); // the link's own navigation (to the section, or to another page) goes on
    });

    dialog.addEventListener("close", function () {
      var target = focusAfterClose;
      focusAfterClose = button;
      update();
      // After the theme has moved the sidebar's contents back and the browser has scrolled.
      window.setTimeout(function () {
        if (target !== button && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
        target.focus({ preventScroll: target !== button });
      }, 0);
    });

    new MutationObserver(update).observe(dialog, { attributes: true, attributeFilter: ["open"] });
    new MutationObserver(update).observe(sidebar, { attributes: true, attributeFilter: ["class"] });
    WIDE.addEventListener("change", update);
    update();
  }

  function start() {
    setUp("primary");
    setUp("secondary");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

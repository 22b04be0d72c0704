// Small enhancements over Material's own script; the page reads the same without them.
(function () {
  // Fold the entity sidebar on narrow screens, where it sits below the article.
  if (window.matchMedia && window.matchMedia("(max-width: 59.9375em)").matches) {
    document.querySelectorAll(".briefing-sidebar details[open]").forEach(function (el) {
      el.removeAttribute("open");
    });
  }
  // The "who and where" strip's link to the whole list unfolds it.
  document.querySelectorAll("a.briefing-strip-all").forEach(function (a) {
    a.addEventListener("click", function () {
      document.querySelectorAll(".briefing-sidebar details").forEach(function (el) {
        el.setAttribute("open", "");
      });
    });
  });
  // Material's search dialog has no accessible name: give it the search box's label.
  document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (el) {
    var input = el.querySelector("input[aria-label]");
    el.setAttribute("aria-label", input ? input.getAttribute("aria-label") : "Search");
  });
  // On paper, a link prints its full address (see the print styles).
  document.querySelectorAll(".briefing-main a[href]:not([href^='#'])").forEach(function (a) {
    a.setAttribute("data-print-href", a.href);
  });
  // The permanent link shows its full address too.
  document.querySelectorAll("a.briefing-permalink").forEach(function (a) {
    a.textContent = a.href;
  });
})();

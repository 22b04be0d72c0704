// Small enhancements over Material's own script; the page reads the same without them.
(function () {
  // Fold the entity sidebar on narrow screens, where it sits below the article.
  if (window.matchMedia && window.matchMedia("(max-width: 59.9375em)").matches) {
    document.querySelectorAll(".briefing-sidebar details[open]").forEach(function (el) {
      el.removeAttribute("open");
    });
  }
  // Material's search dialog has no accessible name: give it the search box's label.
  document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (el) {
    var input = el.querySelector("input[aria-label]");
    el.setAttribute("aria-label", input ? input.getAttribute("aria-label") : "Search");
  });
})();

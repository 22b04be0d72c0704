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
  // Read from a folder (the offline plugin, file://, no directory URLs): links the
  // theme and the maps print as folders (entities/x/) open the page file (entities/x.html).
  if (location.protocol === "file:") {
    // Links drawn in pictures are relative to the page's folder URL (x/), one level
    // deeper than the page file (x.html) the offline build writes.
    if (!/\/index\.html$/.test(location.pathname)) {
      document.querySelectorAll(".briefing-chart a[href^='../']").forEach(function (a) {
        a.setAttribute("href", a.getAttribute("href").slice(3));
      });
    }
    document.querySelectorAll("a[href$='/']").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z]+:/i.test(href)) return;
      var last = href.slice(0, -1).split("/").pop();
      a.setAttribute("href", last === "" || last === "." || last === ".." ? href + "index.html" : href.slice(0, -1) + ".html");
    });
  }
  // On paper, a link prints its full address (see the print styles).
  document.querySelectorAll(".briefing-main a[href]:not([href^='#'])").forEach(function (a) {
    a.setAttribute("data-print-href", a.href);
  });
  // The permanent link shows its full address too.
  document.querySelectorAll("a.briefing-permalink").forEach(function (a) {
    a.textContent = a.href;
  });
})();

// Fold the entity sidebar on narrow screens, where it sits below the article.
(function () {
  if (window.matchMedia && window.matchMedia("(max-width: 59.9375em)").matches) {
    document.querySelectorAll(".briefing-sidebar details[open]").forEach(function (el) {
      el.removeAttribute("open");
    });
  }
})();

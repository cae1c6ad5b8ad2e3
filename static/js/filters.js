// A list's filters panel (<details data-open-wide>) is closed in the markup, so a phone shows the results first
// (and so does a page without JavaScript); where there is room beside the results, it opens.
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 50rem)").matches) return;
  document.querySelectorAll("details[data-open-wide]").forEach(function (panel) {
    panel.open = true;
  });
})();

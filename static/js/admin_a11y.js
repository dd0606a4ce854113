// The admin, accessible where Django's own markup falls short of axe's rules (see
// tests/browser/test_admin_accessibility_browser.py). Loaded by templates/admin/base_site.html.
(function () {
  "use strict";
  function patch() {
    // The filter widget (SelectFilter2.js, on user and group forms) names its magnifier icon
    // with aria-label on a plain span, which ARIA forbids; as an image it may carry one.
    document.querySelectorAll(".help-tooltip.search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    // A tabular inline starts each row with a cell naming the saved row, under an empty header.
    document.querySelectorAll(".tabular th.original").forEach(function (header) {
      if (!header.textContent.trim()) {
        var name = document.createElement("span");
        name.className = "visually-hidden";
        name.textContent = "Saved as";
        header.appendChild(name);
      }
    });
  }
  // After Django's own scripts, which build the filter widgets on "load".
  window.addEventListener("load", function () {
    window.setTimeout(patch, 0);
  });
})();

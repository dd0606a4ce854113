// Staff pages: a form that comes back refused shows what to fix above it; move focus there, so
// the staff member (and their screen reader) starts at the errors, next to what they typed.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
